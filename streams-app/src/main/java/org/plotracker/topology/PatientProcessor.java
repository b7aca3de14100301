package org.plotracker.topology;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.patient.Admission;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.patient.EventFingerprint;
import org.plotracker.patient.PatientRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-patient processor: keeps each patient's record in the {@link TrackerTopology#PATIENT_STORE} store and emits
 * what changed. Refused records (invalid, conflicting, mis-keyed) raise {@link RejectedEventException} before anything is
 * written or forwarded, so the processing exception handler can send them to the dead-letter topic and continue.
 * A null value or an {@link ErasureRequested} removes the patient.
 */
final class PatientProcessor implements Processor<String, Object, String, TrackerOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientProcessor.class);

    private final OutputPlanner planner;
    private final EventScreen screen;
    private ProcessorContext<String, TrackerOutput> context;
    private KeyValueStore<String, PatientState> store;

    PatientProcessor(OutputPlanner planner, EventScreen screen) {
        this.planner = planner;
        this.screen = screen;
    }

    @Override
    public void init(ProcessorContext<String, TrackerOutput> context) {
        this.context = context;
        this.store = context.getStateStore(TrackerTopology.PATIENT_STORE);
    }

    @Override
    public void process(Record<String, Object> record) {
        String patientId = record.key();
        Object value = record.value();
        if (patientId == null || patientId.isBlank()) {
            throw new RejectedEventException(RejectedEventException.Reason.MISSING_KEY, eventIdOf(value),
                    "Record without a patient id key");
        }
        if (value == null) {
            erase(patientId, record, "tombstone");
            return;
        }
        if (value instanceof ErasureRequested erasure) {
            if (!patientId.equals(erasure.getPatientId())) {
                throw new RejectedEventException(RejectedEventException.Reason.KEY_MISMATCH, erasure.getEventId(),
                        "Erasure " + erasure.getEventId() + " names patient " + erasure.getPatientId()
                                + " but is keyed " + patientId);
            }
            erase(patientId, record, "erasure request " + erasure.getEventId());
            return;
        }
        if (!ClinicalEvent.isClinical(value)) {
            throw new RejectedEventException(RejectedEventException.Reason.UNSUPPORTED_TYPE, null,
                    "Unsupported record type " + value.getClass().getName());
        }
        SpecificRecord event = (SpecificRecord) value;
        String eventId = ClinicalEvent.eventId(event);
        if (!patientId.equals(ClinicalEvent.patientId(event))) {
            throw new RejectedEventException(RejectedEventException.Reason.KEY_MISMATCH, eventId,
                    ClinicalEvent.type(event) + " " + eventId + " names patient " + ClinicalEvent.patientId(event)
                            + " but is keyed " + patientId);
        }
        List<String> problems = screen.problems(event);
        if (!problems.isEmpty()) {
            String what = ClinicalEvent.type(event) + " " + eventId + " is invalid: ";
            throw new RejectedEventException(RejectedEventException.Reason.INVALID_EVENT, eventId,
                    what + String.join("; ", problems),
                    what + "fields " + String.join(", ", problems.stream().map(EventScreen::fieldOf).toList()));
        }
        PatientState state = store.get(patientId);
        PatientRecord patient = state == null ? PatientRecord.empty(patientId) : PatientRecord.fromState(state);
        SpecificRecord known = patient.event(eventId).orElse(null);
        Admission admission = patient.admit(event);
        switch (admission) {
            case DUPLICATE -> LOG.debug("Event {} re-sent with the same content: ignored", eventId);
            case CONFLICT -> throw new RejectedEventException(RejectedEventException.Reason.CONFLICTING_DUPLICATE,
                    eventId, ClinicalEvent.type(event) + " " + eventId + " was already recorded with different"
                    + " content (fingerprint " + EventFingerprint.of(known) + ", now " + EventFingerprint.of(event)
                    + "); the first version is kept");
            case ACCEPTED -> {
                List<TrackerOutput> outputs = planner.afterAccepted(patient, eventId, ClinicalEvent.recordedAt(event));
                store.put(patientId, patient.toState());
                outputs.forEach(o -> context.forward(record.withKey(o.key()).withValue(o)));
                LOG.info("Event {} accepted for patient {}: {} outputs", eventId, patientId, outputs.size());
            }
        }
    }

    private void erase(String patientId, Record<String, Object> record, String cause) {
        PatientState state = store.delete(patientId);
        List<TrackerOutput> outputs = OutputPlanner.erasure(patientId,
                state == null ? List.of() : state.getCohortContributions());
        outputs.forEach(o -> context.forward(record.withKey(o.key()).withValue(o)));
        LOG.info("Patient {} erased ({}): {} events removed", patientId, cause,
                state == null ? 0 : state.getEvents().size());
    }

    private static String eventIdOf(Object value) {
        return value instanceof SpecificRecord r && r.getSchema().getField("eventId") != null
                ? String.valueOf(r.get(r.getSchema().getField("eventId").pos())) : null;
    }
}
