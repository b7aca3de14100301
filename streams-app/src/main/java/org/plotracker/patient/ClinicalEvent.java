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
        return (String) field(event, Envelope.EVENT_ID);
    }

    public static String patientId(SpecificRecord event) {
        return (String) field(event, Envelope.PATIENT_ID);
    }

    public static LocalDate clinicalDate(SpecificRecord event) {
        return (LocalDate) field(event, Envelope.CLINICAL_DATE);
    }

    public static Instant recordedAt(SpecificRecord event) {
        return (Instant) field(event, Envelope.RECORDED_AT);
    }

    /** The revision (0 for the first version; events written before revisions existed read as 0). */
    public static int revision(SpecificRecord event) {
        return (Integer) field(event, Envelope.REVISION);
    }

    /** True when this version retracts the event (entered in error). */
    public static boolean enteredInError(SpecificRecord event) {
        return field(event, Envelope.ENTRY_STATUS) == EntryStatus.ENTERED_IN_ERROR;
    }

    /** The event type's simple name, e.g. DxaScanRecorded. */
    public static String type(SpecificRecord event) {
        return event.getSchema().getName();
    }

    /** The envelope fields, named as in every event schema. */
    private enum Envelope {
        EVENT_ID("eventId"), PATIENT_ID("patientId"), CLINICAL_DATE("clinicalDate"), RECORDED_AT("recordedAt"),
        REVISION("revision"), ENTRY_STATUS("entryStatus");

        private final String field;

        Envelope(String field) {
            this.field = field;
        }
    }

    private static Object field(SpecificRecord event, Envelope field) {
        int pos = POSITIONS.get(event.getClass())[field.ordinal()];
        if (pos < 0) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no field " + field.field);
        }
        return event.get(pos);
    }

    /**
     * Position of each envelope field in each generated class's schema (-1: absent), by {@link Envelope} ordinal: read
     * on every comparison of every event, so an array rather than a lookup by name.
     */
    private static final ClassValue<int[]> POSITIONS = new ClassValue<>() {
        @Override
        protected int[] computeValue(Class<?> type) {
            Schema schema = org.apache.avro.specific.SpecificData.get().getSchema(type);
            int[] positions = new int[Envelope.values().length];
            for (Envelope e : Envelope.values()) {
                Schema.Field f = schema.getField(e.field);
                positions[e.ordinal()] = f == null ? -1 : f.pos();
            }
            return positions;
        }
    };
}
