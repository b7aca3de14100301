package org.plotracker.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentRecorded;

/** Reads the envelope every clinical event carries (eventId, patientId, clinicalDate, recordedAt). */
public final class ClinicalEvent {

    /** Clinical date, then recordedAt, then eventId: the order of a patient's record, whatever the arrival order. */
    public static final Comparator<SpecificRecord> CLINICAL_ORDER = Comparator.comparing(ClinicalEvent::clinicalDate)
            .thenComparing(ClinicalEvent::recordedAt).thenComparing(ClinicalEvent::eventId);

    private ClinicalEvent() {
    }

    /** True for the five clinical event types (not erasure, not anything else). */
    public static boolean isClinical(Object value) {
        return value instanceof DeliveryRecorded || value instanceof PregnancyConfirmed
                || value instanceof FractureDiagnosed || value instanceof DxaScanRecorded
                || value instanceof TreatmentRecorded;
    }

    public static String eventId(SpecificRecord event) {
        return (String) field(event, "eventId");
    }

    public static String patientId(SpecificRecord event) {
        return (String) field(event, "patientId");
    }

    public static LocalDate clinicalDate(SpecificRecord event) {
        return (LocalDate) field(event, "clinicalDate");
    }

    public static Instant recordedAt(SpecificRecord event) {
        return (Instant) field(event, "recordedAt");
    }

    /** The revision (0 for the first version; events written before revisions existed read as 0). */
    public static int revision(SpecificRecord event) {
        return (Integer) field(event, "revision");
    }

    /** True when this version retracts the event (entered in error). */
    public static boolean enteredInError(SpecificRecord event) {
        return field(event, "entryStatus") == EntryStatus.ENTERED_IN_ERROR;
    }

    /** The event type's simple name, e.g. DxaScanRecorded. */
    public static String type(SpecificRecord event) {
        return event.getSchema().getName();
    }

    private static Object field(SpecificRecord event, String name) {
        Integer pos = POSITIONS.get(event.getClass()).get(name);
        if (pos == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no field " + name);
        }
        return event.get(pos);
    }

    /** Field positions of each generated class's schema, by name: read on every comparison of every event. */
    private static final ClassValue<java.util.Map<String, Integer>> POSITIONS = new ClassValue<>() {
        @Override
        protected java.util.Map<String, Integer> computeValue(Class<?> type) {
            Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
            java.util.Map<String, Integer> positions = new java.util.HashMap<>();
            schema.getFields().forEach(f -> positions.put(f.name(), f.pos()));
            return positions;
        }
    };
}
