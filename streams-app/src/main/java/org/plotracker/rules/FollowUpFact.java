package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The part of one admitted event that the follow-up plan needs (its version in force).
 *
 * @param knownAtMs  recordedAt of the event's first version, epoch ms: from when the tracker could know it
 * @param fragility  FRACTURE: not high trauma
 * @param lowestZ    SCAN: the lowest Z-score of its measurements, null when none was reported
 * @param action     TREATMENT only
 * @param agent      TREATMENT only
 */
public record FollowUpFact(String eventId, Kind kind, LocalDate date, long knownAtMs, String sourceSystem,
                           boolean fragility, Double lowestZ, TreatmentChange.Action action, Agent agent,
                           Agent previousAgent) {

    public enum Kind { DELIVERY, FRACTURE, SCAN, TREATMENT }

    public FollowUpFact {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        if (kind == Kind.TREATMENT) {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(agent, "agent");
        }
    }

    public static FollowUpFact delivery(String eventId, LocalDate date, long knownAtMs, String sourceSystem) {
        return new FollowUpFact(eventId, Kind.DELIVERY, date, knownAtMs, sourceSystem, false, null, null, null, null);
    }

    public static FollowUpFact fracture(String eventId, LocalDate date, long knownAtMs, String sourceSystem,
                                        boolean fragility) {
        return new FollowUpFact(eventId, Kind.FRACTURE, date, knownAtMs, sourceSystem, fragility, null, null, null,
                null);
    }

    public static FollowUpFact scan(String eventId, LocalDate date, long knownAtMs, String sourceSystem,
                                    Double lowestZ) {
        return new FollowUpFact(eventId, Kind.SCAN, date, knownAtMs, sourceSystem, false, lowestZ, null, null, null);
    }

    public static FollowUpFact treatment(String eventId, LocalDate date, long knownAtMs, String sourceSystem,
                                         TreatmentChange.Action action, Agent agent, Agent previousAgent) {
        return new FollowUpFact(eventId, Kind.TREATMENT, date, knownAtMs, sourceSystem, false, null, action, agent,
                previousAgent);
    }

    TreatmentChange asTreatmentChange() {
        return new TreatmentChange(eventId, date, action, agent, previousAgent);
    }
}
