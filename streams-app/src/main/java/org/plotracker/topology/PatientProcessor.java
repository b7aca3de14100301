package org.plotracker.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 * A null value or an {@link ErasureRequested} removes the patient, her pending alerts included.
 *
 * <p>Alerts: with a zero settling window they are emitted with the event that decided them. Otherwise they are held
 * as pending in the patient's state, re-decided with each accepted event of hers, and the patient is listed in
 * {@link TrackerTopology#PENDING_ALERTS_STORE} with the wall-clock time her pending alerts last changed; a wall-clock
 * punctuator emits them once they have not changed for the window ({@link TopologySettings}).
 */
final class PatientProcessor implements Processor<String, Object, String, TrackerOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientProcessor.class);

    private final OutputPlanner planner;
    private final EventScreen screen;
    private final TopologySettings settings;
    private ProcessorContext<String, TrackerOutput> context;
    private KeyValueStore<String, PatientState> store;
    private KeyValueStore<String, Long> pendingSince;

    PatientProcessor(OutputPlanner planner, EventScreen screen, TopologySettings settings) {
        this.planner = planner;
        this.screen = screen;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, TrackerOutput> context) {
        this.context = context;
        this.store = context.getStateStore(TrackerTopology.PATIENT_STORE);
        this.pendingSince = context.getStateStore(TrackerTopology.PENDING_ALERTS_STORE);
        // Scheduled with a zero window too: it then emits what a run with a window left pending (the stores are
        // changelogged, so it also picks up what an earlier instance of this task left).
        context.schedule(settings.alertCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::emitSettledAlerts);
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
                String pendingBefore = patient.pendingAlertsFingerprint();
                List<TrackerOutput> outputs = new ArrayList<>(planner.afterAccepted(patient, eventId));
                String pendingNow = patient.pendingAlertsFingerprint();
                if (settings.emitsAlertsImmediately()) {
                    outputs.addAll(OutputPlanner.raisePendingAlerts(patient));
                } else if (!patient.hasPendingAlerts()) {
                    if (!pendingBefore.isEmpty()) {
                        pendingSince.delete(patientId);
                        LOG.info("Event {} of patient {}: pending alerts no longer warranted, dropped", eventId,
                                patientId);
                    }
                } else if (!pendingNow.equals(pendingBefore) || pendingSince.get(patientId) == null) {
                    // the window restarts with every change of what would be emitted
                    pendingSince.put(patientId, context.currentSystemTimeMs());
                    LOG.info("Event {} of patient {}: {} alerts pending for {} ms", eventId, patientId,
                            patient.pendingBmdAlerts().size() + patient.pendingRecurrenceAlerts().size(),
                            settings.alertSettle().toMillis());
                }
                store.put(patientId, patient.toState());
                outputs.add(new TrackerOutput(TrackerOutput.Kind.ADMITTED_EVENT, patientId, new AdmittedEvent(
                        patientId, event, null, ClinicalEvent.recordedAt(event).toEpochMilli())));
                outputs.forEach(o -> context.forward(record.withKey(o.key()).withValue(o)));
                LOG.info("Event {} accepted for patient {}: {} outputs", eventId, patientId, outputs.size());
            }
        }
    }

    /**
     * Wall-clock punctuation: emits the pending alerts of every patient whose pending alerts have not changed for the
     * settling window. Its work is bounded by the patients with pending alerts, not by all patients.
     */
    private void emitSettledAlerts(long now) {
        long settle = settings.alertSettle().toMillis();
        List<String> settled = new ArrayList<>();
        try (KeyValueIterator<String, Long> pending = pendingSince.all()) {
            while (pending.hasNext()) {
                KeyValue<String, Long> entry = pending.next();
                if (now - entry.value >= settle) {
                    settled.add(entry.key);
                }
            }
        }
        for (String patientId : settled) {
            pendingSince.delete(patientId);
            PatientState state = store.get(patientId);
            if (state == null) {
                continue;
            }
            PatientRecord patient = PatientRecord.fromState(state);
            List<TrackerOutput> alerts = OutputPlanner.raisePendingAlerts(patient);
            store.put(patientId, patient.toState());
            alerts.forEach(o -> context.forward(new Record<String, TrackerOutput>(o.key(), o, now)));
            LOG.info("Patient {} settled: {} alerts emitted", patientId, alerts.size());
        }
    }

    private void erase(String patientId, Record<String, Object> record, String cause) {
        PatientState state = store.delete(patientId);
        pendingSince.delete(patientId);
        List<TrackerOutput> outputs = new ArrayList<>(OutputPlanner.erasure(patientId,
                state == null ? List.of() : state.getCohortContributions()));
        outputs.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_ERASED, patientId, null));
        outputs.forEach(o -> context.forward(record.withKey(o.key()).withValue(o)));
        LOG.info("Patient {} erased ({}): {} events and {} pending alerts removed", patientId, cause,
                state == null ? 0 : state.getEvents().size(), state == null ? 0
                        : state.getPendingBmdAlerts().size() + state.getPendingRecurrenceAlerts().size());
    }

    private static String eventIdOf(Object value) {
        return value instanceof SpecificRecord r && r.getSchema().getField("eventId") != null
                ? String.valueOf(r.get(r.getSchema().getField("eventId").pos())) : null;
    }
}
