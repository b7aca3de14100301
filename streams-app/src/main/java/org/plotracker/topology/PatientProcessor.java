package org.plotracker.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.plotracker.alerts.AlertIds;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EventVersions;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.contracts.internal.PatientSummary;
import org.plotracker.patient.Admission;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.patient.EventVersionsAdmission;
import org.plotracker.patient.PatientKnowledge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-patient processor (docs/architecture.md). On each record it admits the event into the split stores and
 * lists a decision instant (the version's {@code recordedAt}) in {@link TrackerTopology#PENDING_DECISIONS_STORE}; a
 * decision is taken once the tracker's clock ({@link TrackerClock}) has passed the instant plus the settle interval
 * ({@link TopologySettings#alertSettle()}), as of that instant: only what was recorded by then counts. So the outputs
 * are a function of the events, never of their arrival order or speed, as long as each arrives within the settle
 * interval of its recordedAt; one that arrives later is re-decided at once ({@link OutputPlanner}).
 *
 * <p>Refused records (invalid, conflicting, mis-keyed) raise {@link RejectedEventException} before anything is
 * written or forwarded, so the processing exception handler can send them to the dead-letter topic and continue. A
 * null value or an {@link ErasureRequested} removes the patient at once, her pending decisions included, and starts
 * her next history epoch. A pending decision leaves the index only after its outputs were forwarded and its stores
 * written; any other exception propagates (the task fails and its uncommitted work is redone).
 */
final class PatientProcessor implements Processor<String, Object, String, TrackerOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientProcessor.class);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final OutputPlanner planner;
    private final EventScreen screen;
    private final TopologySettings settings;
    private ProcessorContext<String, TrackerOutput> context;
    private KeyValueStore<String, EventVersions> events;
    private KeyValueStore<String, PatientSummary> summaries;
    private KeyValueStore<String, PatientOutput> outputs;
    private KeyValueStore<String, Long> pending;
    private KeyValueStore<String, String> erased;
    private TrackerClock clock;
    private IndexFloor pendingFloor;
    private RecentPatients recent;

    PatientProcessor(OutputPlanner planner, EventScreen screen, TopologySettings settings) {
        this.planner = planner;
        this.screen = screen;
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, TrackerOutput> context) {
        this.context = context;
        this.events = context.getStateStore(TrackerTopology.EVENTS_STORE);
        this.summaries = context.getStateStore(TrackerTopology.SUMMARY_STORE);
        this.outputs = context.getStateStore(TrackerTopology.OUTPUTS_STORE);
        this.pending = context.getStateStore(TrackerTopology.PENDING_DECISIONS_STORE);
        this.erased = context.getStateStore(TrackerTopology.ERASED_STORE);
        // created here, not in the constructor: a revived task (TaskCorruptedException) calls init again on this
        // instance after the records it accepted since the last commit were aborted, and both start afresh
        this.pendingFloor = new IndexFloor(StoreKeys.FIRST_DECISION);
        this.recent = new RecentPatients(settings.recentPatientVersions());
        int partition = context.taskId().partition();
        this.clock = new TrackerClock(context::currentSystemTimeMs, () -> InputLag.caughtUp(partition),
                settings.idleAfter(), Long.MAX_VALUE);
        context.schedule(settings.alertCheckInterval(), PunctuationType.WALL_CLOCK_TIME, now -> decideDue());
    }

    @Override
    public void process(Record<String, Object> record) {
        clock.recordProcessed();
        String patientId = record.key();
        Object value = record.value();
        if (patientId == null || patientId.isBlank()) {
            throw new RejectedEventException(RejectedEventException.Reason.MISSING_KEY, eventIdOf(value),
                    "Record without a patient id key");
        }
        try {
            if (value == null) {
                advanceTo(record);
                erase(patientId, "tombstone-" + record.timestamp(), record, "tombstone");
            } else if (value instanceof ErasureRequested erasure) {
                if (!patientId.equals(erasure.getPatientId())) {
                    throw new RejectedEventException(RejectedEventException.Reason.KEY_MISMATCH,
                            erasure.getEventId(), "Erasure " + erasure.getEventId() + " names patient "
                                    + erasure.getPatientId() + " but is keyed " + patientId);
                }
                advanceTo(record);
                erase(patientId, erasure.getEventId(), record, "erasure request " + erasure.getEventId());
            } else {
                admit(patientId, value, record);
                advanceTo(record);
            }
        } catch (RuntimeException e) {
            // whatever was written before the failure, the stores say what she is
            recent.forget(patientId);
            throw e;
        }
    }

    /**
     * Moves the clock to an accepted record's time (its {@code recordedAt}) and takes the decisions now due, before
     * an erasure is applied: what was due before the erasure was recorded is decided as live processing decided it.
     * Only records this processor accepted move the clock: the task's stream time also follows the acknowledgement
     * topic (wall-clock timestamps) and would let a refused event's {@code recordedAt} decide everything pending.
     */
    private void advanceTo(Record<String, Object> record) {
        clock.recordAccepted(record.timestamp());
        decideDue();
    }

    private void admit(String patientId, Object value, Record<String, Object> record) {
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
        String key = StoreKeys.event(patientId, eventId);
        EventVersions stored = events.get(key);
        List<SpecificRecord> known = stored == null ? List.of() : versions(stored);
        EventVersionsAdmission.Outcome outcome = EventVersionsAdmission.offer(known, event);
        int revision = ClinicalEvent.revision(event);
        if (outcome.admission() == Admission.DUPLICATE) {
            LOG.debug("Event {} revision {} re-sent with the same content: ignored", eventId, revision);
            return;
        }
        if (outcome.admission() == Admission.CONFLICT) {
            String fields = String.join(", ", outcome.differingFields());
            throw new RejectedEventException(RejectedEventException.Reason.CONFLICTING_DUPLICATE, eventId,
                    ClinicalEvent.type(event) + " " + eventId + " revision " + revision + " was already recorded"
                            + " with different content (differing fields: " + fields + "); the first version is"
                            + " kept. Send a correction with a higher revision.");
        }
        SpecificRecord previous = EventVersionsAdmission.latest(known);
        events.put(key, new EventVersions(new ArrayList<>(outcome.versions())));
        recent.eventWritten(patientId, eventId, outcome.versions());
        long instant = ClinicalEvent.recordedAt(event).toEpochMilli();
        schedule(patientId, instant);
        boolean inForceLatest = previous == null || revision > ClinicalEvent.revision(previous);
        if (inForceLatest) {
            SpecificRecord current = ClinicalEvent.enteredInError(event) ? null : event;
            SpecificRecord replaced = previous == null || ClinicalEvent.enteredInError(previous) ? null : previous;
            if (current != null || replaced != null) {
                context.forward(record.withKey(patientId).withValue(new TrackerOutput(
                        TrackerOutput.Kind.ADMITTED_EVENT, patientId,
                        new AdmittedEvent(patientId, current, replaced, instant))));
            }
        }
        LOG.info("Event {} revision {} accepted for patient {}{}: decision as of {} pending", eventId, revision,
                patientId, previous == null ? "" : ClinicalEvent.enteredInError(event) ? " (retraction)"
                        : " (amendment)", Instant.ofEpochMilli(instant));
    }

    private void schedule(String patientId, long instant) {
        PatientSummary summary = summaries.get(patientId);
        if (summary == null) {
            summary = new PatientSummary(null, new ArrayList<>());
        }
        if (!summary.getPendingInstants().contains(instant)) {
            List<Long> instants = new ArrayList<>(summary.getPendingInstants());
            instants.add(instant);
            summaries.put(patientId, new PatientSummary(summary.getDecidedThrough(), instants));
            String key = StoreKeys.decision(instant, patientId);
            pending.put(key, instant);
            pendingFloor.added(key);
        }
    }

    /**
     * Takes every decision whose instant plus the settle interval the tracker's clock has reached, in instant order
     * (then patient id). The cost follows what is due: one range read of the index, then one patient at a time.
     */
    private void decideDue() {
        long now = clock.now();
        if (now == Long.MIN_VALUE) {
            return;
        }
        long bound = now - settings.alertSettle().toMillis();
        if (bound == Long.MAX_VALUE) {
            bound--;
        }
        String upper = StoreKeys.decisionUpperBound(bound);
        if (pendingFloor.emptyBelow(upper)) {
            return;
        }
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.range(pendingFloor.key(), upper)) {
            while (it.hasNext()) {
                due.add(it.next());
            }
        }
        for (KeyValue<String, Long> entry : due) {
            decide(StoreKeys.patientOfDecision(entry.key), entry.value, entry.key);
        }
        // every decision due by the bound is taken (a failure above leaves the floor where it was)
        pendingFloor.raiseTo(upper);
    }

    private void decide(String patientId, long instant, String pendingKey) {
        try {
            decideOrFail(patientId, instant, pendingKey);
        } catch (RuntimeException e) {
            recent.forget(patientId);
            throw e;
        }
    }

    private void decideOrFail(String patientId, long instant, String pendingKey) {
        PatientSummary summary = summaries.get(patientId);
        if (summary == null) {
            pending.delete(pendingKey);
            return;
        }
        Long decidedThrough = summary.getDecidedThrough();
        RecentPatients.Patient her = recent.get(patientId, () -> read(patientId));
        PatientKnowledge knowledge = new PatientKnowledge(patientId, her.events(), her.timelineEntries());
        List<Long> sweep = new ArrayList<>();
        sweep.add(instant);
        if (decidedThrough != null && decidedThrough > instant) {
            sweep.addAll(knowledge.instants().subSet(instant, false, decidedThrough, true));
            if (sweep.get(sweep.size() - 1) != decidedThrough.longValue()) {
                sweep.add(decidedThrough);
            }
            LOG.info("Patient {}: event(s) recorded at {} arrived after her decision as of {}: re-decided",
                    patientId, Instant.ofEpochMilli(instant), Instant.ofEpochMilli(decidedThrough));
        }
        long asOf = sweep.get(sweep.size() - 1);
        String epoch = erased.get(patientId);
        OutputPlanner.Decision decision = planner.decide(knowledge, sweep, her.outputs(),
                epoch == null ? AlertIds.FIRST_EPOCH : epoch, summary.getPendingInstants(), decidedThrough);
        for (TrackerOutput o : decision.outputs()) {
            context.forward(new Record<>(o.key(), o, asOf));
        }
        for (Map.Entry<String, PatientOutput> write : decision.writes().entrySet()) {
            String key = StoreKeys.output(patientId, write.getKey());
            if (write.getValue() == null) {
                outputs.delete(key);
            } else {
                outputs.put(key, write.getValue());
            }
        }
        recent.outputsWritten(patientId, decision.writes());
        List<Long> stillPending = new ArrayList<>(summary.getPendingInstants());
        stillPending.remove(Long.valueOf(instant));
        summaries.put(patientId, new PatientSummary(decidedThrough == null ? asOf : Math.max(asOf, decidedThrough),
                stillPending));
        pending.delete(pendingKey);
        LOG.info("Patient {} decided as of {}: {} outputs", patientId, Instant.ofEpochMilli(asOf),
                decision.outputs().size());
    }

    /** Her events and emitted outputs as the stores hold them: one prefix scan of each. */
    private RecentPatients.Patient read(String patientId) {
        String prefix = StoreKeys.patientPrefix(patientId);
        RecentPatients.Patient her = RecentPatients.loading();
        try (KeyValueIterator<String, EventVersions> it = events.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, EventVersions> kv = it.next();
                RecentPatients.event(her, kv.key.substring(prefix.length()), versions(kv.value));
            }
        }
        try (KeyValueIterator<String, PatientOutput> it = outputs.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, PatientOutput> kv = it.next();
                RecentPatients.output(her, kv.key.substring(prefix.length()), kv.value);
            }
        }
        return her;
    }

    private void erase(String patientId, String epoch, Record<String, Object> record, String cause) {
        recent.forget(patientId);
        String prefix = StoreKeys.patientPrefix(patientId);
        int eventCount = 0;
        for (String key : keys(events, prefix)) {
            events.delete(key);
            eventCount++;
        }
        List<CohortContribution> contributions = new ArrayList<>();
        for (String key : keys(outputs, prefix)) {
            PatientOutput removed = outputs.delete(key);
            if (removed != null && removed.getOutput() instanceof CohortContribution c) {
                contributions.add(c);
            }
        }
        PatientSummary summary = summaries.delete(patientId);
        int pendingCount = 0;
        if (summary != null) {
            for (long instant : summary.getPendingInstants()) {
                pending.delete(StoreKeys.decision(instant, patientId));
                pendingCount++;
            }
        }
        erased.put(patientId, epoch);
        List<TrackerOutput> out = new ArrayList<>(OutputPlanner.erasure(patientId, contributions));
        out.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_ERASED, patientId, null));
        out.forEach(o -> context.forward(record.withKey(o.key()).withValue(o)));
        LOG.info("Patient {} erased ({}): {} events and {} pending decisions removed; next history epoch {}",
                patientId, cause, eventCount, pendingCount, epoch);
    }

    private static <V> List<String> keys(KeyValueStore<String, V> store, String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        return keys;
    }

    private static List<SpecificRecord> versions(EventVersions stored) {
        List<SpecificRecord> versions = new ArrayList<>();
        for (Object v : stored.getVersions()) {
            versions.add((SpecificRecord) v);
        }
        return versions;
    }

    private static String eventIdOf(Object value) {
        return value instanceof SpecificRecord r && r.getSchema().getField("eventId") != null
                ? String.valueOf(r.get(r.getSchema().getField("eventId").pos())) : null;
    }
}
