package org.plotracker.followup;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.internal.FollowUpFact;
import org.plotracker.rules.Agent;
import org.plotracker.rules.TreatmentChange;

/**
 * Maps admitted clinic events to the few facts the follow-up plan needs ({@link org.plotracker.rules.FollowUpFact}),
 * and those to and from their stored form. Pregnancy confirmations and events the plan does not use (a treatment of
 * unknown action or agent) give no fact.
 */
final class FactMapper {

    private FactMapper() {
    }

    /** The stored fact of an event, or empty when the plan does not need it. */
    static Optional<FollowUpFact> of(SpecificRecord event, long knownAtMs) {
        if (event instanceof DeliveryRecorded d) {
            return Optional.of(fact(d.getEventId(), "DELIVERY", d.getClinicalDate(), knownAtMs, d.getSourceSystem())
                    .build());
        } else if (event instanceof FractureDiagnosed f) {
            return Optional.of(fact(f.getEventId(), "FRACTURE", f.getClinicalDate(), knownAtMs, f.getSourceSystem())
                    .setFragility(f.getTrauma() != TraumaLevel.HIGH).build());
        } else if (event instanceof DxaScanRecorded s) {
            Double lowest = s.getMeasurements().stream().map(SiteMeasurement::getZScore)
                    .filter(z -> z != null).min(Comparator.naturalOrder()).orElse(null);
            return Optional.of(fact(s.getEventId(), "SCAN", s.getClinicalDate(), knownAtMs, s.getSourceSystem())
                    .setLowestZ(lowest).build());
        } else if (event instanceof TreatmentRecorded t) {
            Agent agent = agent(t.getAgent());
            TreatmentChange.Action action = action(t);
            if (agent == null || action == null) {
                return Optional.empty();
            }
            Agent previous = agent(t.getPreviousAgent());
            if (action == TreatmentChange.Action.CHANGED && previous == null) {
                return Optional.empty();
            }
            return Optional.of(fact(t.getEventId(), "TREATMENT", t.getClinicalDate(), knownAtMs, t.getSourceSystem())
                    .setAction(action.name()).setAgent(agent.name())
                    .setPreviousAgent(previous == null ? null : previous.name()).build());
        }
        return Optional.empty();
    }

    /** The rules' view of a stored fact. */
    static org.plotracker.rules.FollowUpFact toRule(FollowUpFact f) {
        return switch (f.getKind()) {
            case "DELIVERY" -> org.plotracker.rules.FollowUpFact.delivery(f.getEventId(), f.getDate(),
                    f.getRecordedAt(), f.getSourceSystem());
            case "FRACTURE" -> org.plotracker.rules.FollowUpFact.fracture(f.getEventId(), f.getDate(),
                    f.getRecordedAt(), f.getSourceSystem(), f.getFragility());
            case "SCAN" -> org.plotracker.rules.FollowUpFact.scan(f.getEventId(), f.getDate(), f.getRecordedAt(),
                    f.getSourceSystem(), f.getLowestZ());
            case "TREATMENT" -> org.plotracker.rules.FollowUpFact.treatment(f.getEventId(), f.getDate(),
                    f.getRecordedAt(), f.getSourceSystem(), TreatmentChange.Action.valueOf(f.getAction()),
                    Agent.valueOf(f.getAgent()), f.getPreviousAgent() == null ? null
                            : Agent.valueOf(f.getPreviousAgent()));
            default -> throw new IllegalStateException("Unknown follow-up fact kind " + f.getKind() + " of event "
                    + f.getEventId());
        };
    }

    static List<org.plotracker.rules.FollowUpFact> toRules(List<FollowUpFact> facts) {
        return facts.stream().map(FactMapper::toRule).toList();
    }

    private static FollowUpFact.Builder fact(String eventId, String kind, java.time.LocalDate date, long knownAtMs,
                                             String sourceSystem) {
        return FollowUpFact.newBuilder().setEventId(eventId).setKind(kind).setDate(date).setRecordedAt(knownAtMs)
                .setSourceSystem(sourceSystem).setFragility(false).setLowestZ(null).setAction(null).setAgent(null)
                .setPreviousAgent(null);
    }

    private static TreatmentChange.Action action(TreatmentRecorded t) {
        return switch (t.getAction()) {
            case STARTED -> TreatmentChange.Action.STARTED;
            case STOPPED -> TreatmentChange.Action.STOPPED;
            case CHANGED -> TreatmentChange.Action.CHANGED;
            case ADMINISTERED -> TreatmentChange.Action.ADMINISTERED;
            default -> null;
        };
    }

    private static Agent agent(TreatmentAgent agent) {
        if (agent == null || agent == TreatmentAgent.UNKNOWN) {
            return null;
        }
        try {
            return Agent.valueOf(agent.name());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
