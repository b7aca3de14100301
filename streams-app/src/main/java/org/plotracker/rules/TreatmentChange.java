package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A treatment started, stopped or changed on a date, or one dose of it given (ADMINISTERED, e.g. a denosumab
 * injection). CHANGED stops {@code previousAgent} and starts {@code agent}.
 */
public record TreatmentChange(String eventId, LocalDate date, Action action, Agent agent, Agent previousAgent) {

    public enum Action { STARTED, STOPPED, CHANGED, ADMINISTERED }

    public TreatmentChange {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(agent, "agent");
        if (action == Action.CHANGED) {
            Objects.requireNonNull(previousAgent, "previousAgent is required when the action is CHANGED");
        }
    }
}
