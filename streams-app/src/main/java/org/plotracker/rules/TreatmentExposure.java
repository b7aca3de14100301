package org.plotracker.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The treatment during an interval: each agent with its days, and the group of the most potent agent. */
public record TreatmentExposure(List<AgentExposure> agents, TreatmentGroup group) {

    public TreatmentExposure {
        agents = List.copyOf(agents);
    }

    /** The agent of the interval's group with the most days (the one a headline names), if any. */
    public Optional<Agent> leadingAgent() {
        return agents.stream().filter(a -> a.agent().group() == group && group != TreatmentGroup.NONE)
                .max(Comparator.comparingInt(AgentExposure::days)).map(AgentExposure::agent);
    }
}
