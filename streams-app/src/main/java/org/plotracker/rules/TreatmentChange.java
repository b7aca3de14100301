package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A treatment started, stopped or changed on a date. CHANGED stops {@code previousAgent} and starts {@code agent}.
 */
public record TreatmentChange(String eventId, LocalDate date, Action action, Agent agent, Agent previousAgent) {

    public enum Action { STARTED, STOPPED, CHANGED }

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
