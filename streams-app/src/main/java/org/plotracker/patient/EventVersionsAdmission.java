package org.plotracker.patient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Offers a version of a clinical event to the versions already accepted under its id (docs/architecture.md,
 * "Amendments and retractions"): a new id or a new revision is accepted, the same revision with the same content is a
 * re-send, the same revision with different content (or an id already used by another event type) is a conflict
 * that names the fields that differ.
 */
public final class EventVersionsAdmission {

    /** Revision order; each accepted revision appears once. */
    public static final Comparator<SpecificRecord> REVISION_ORDER = Comparator.comparingInt(ClinicalEvent::revision);

    private EventVersionsAdmission() {
    }

    /** The outcome: what happened and, for an accepted version, every version in revision order. */
    public record Outcome(Admission admission, List<SpecificRecord> versions, List<String> differingFields,
                          SpecificRecord known) {
    }

    public static Outcome offer(List<SpecificRecord> known, SpecificRecord version) {
        for (SpecificRecord k : known) {
            if (!k.getClass().equals(version.getClass())) {
                return new Outcome(Admission.CONFLICT, known, List.of("(event type: already a "
                        + ClinicalEvent.type(k) + ")"), k);
            }
        }
        for (SpecificRecord k : known) {
            if (ClinicalEvent.revision(k) == ClinicalEvent.revision(version)) {
                List<String> differing = differingFields(k, version);
                return new Outcome(differing.isEmpty() ? Admission.DUPLICATE : Admission.CONFLICT, known,
                        differing, k);
            }
        }
        List<SpecificRecord> versions = new ArrayList<>(known);
        versions.add(version);
        versions.sort(REVISION_ORDER);
        return new Outcome(Admission.ACCEPTED, List.copyOf(versions), List.of(), null);
    }

    /** The top-level fields whose values differ, in schema order. */
    public static List<String> differingFields(SpecificRecord a, SpecificRecord b) {
        List<String> differing = new ArrayList<>();
        for (Schema.Field field : a.getSchema().getFields()) {
            if (!Objects.equals(a.get(field.pos()), b.get(field.pos()))) {
                differing.add(field.name());
            }
        }
        return differing;
    }

    /** The highest revision among the versions, or null when there are none. */
    public static SpecificRecord latest(List<SpecificRecord> versions) {
        return versions.stream().max(REVISION_ORDER).orElse(null);
    }
}
