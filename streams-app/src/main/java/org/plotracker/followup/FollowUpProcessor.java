package org.plotracker.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.plotracker.alerts.AlertIds;
import org.plotracker.contracts.alerts.FollowUpReminder;
import org.plotracker.contracts.alerts.FollowUpReminderStatus;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.FollowUpItemKind;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.OpenFollowUpItem;
import org.plotracker.contracts.internal.FollowUpFact;
import org.plotracker.contracts.internal.FollowUpFacts;
import org.plotracker.contracts.internal.FollowUpItemState;
import org.plotracker.contracts.internal.KpiContribution;
import org.plotracker.patient.EventFingerprint;
import org.plotracker.rules.FollowUpItem;
import org.plotracker.rules.FollowUpPlan;
import org.plotracker.rules.FollowUpRule;
import org.plotracker.rules.KpiMeasure;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.AdmittedEvent;
import org.plotracker.topology.IndexFloor;
import org.plotracker.topology.InputLag;
import org.plotracker.topology.TopologySettings;
import org.plotracker.topology.TrackerClock;
import org.plotracker.topology.TrackerOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up processor, downstream of the patient record in the same task: keeps each patient's follow-up facts
 * (one entry per event, {@code <patient>|<eventId>}), a small header per patient (history epoch, last status
 * fingerprint), the KPI contributions last emitted for her (one entry each), her open items with their next instant
 * of attention, and the due index {@code <instant>|<patient>|<item>} (fixed width, so RocksDB's order is due order).
 * An event writes its own fact and what its plan changed, never her whole history; a tick reads only the index
 * entries now due, so its cost follows what is due, not the number of patients.
 *
 * <p>Time is the tracker's clock ({@link TrackerClock}: recorded time, following the wall clock only while idle, capped
 * at the as-of instant). Before an admitted event is applied, everything due before its {@code recordedAt} is handled
 * first, so a replay reaches the reminders live processing reached. A reminder's content, id and {@code raisedAt} are
 * functions of the patient's facts and its scheduled instant, never of when it was computed.
 */
final class FollowUpProcessor implements Processor<String, TrackerOutput, String, FollowUpOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpProcessor.class);
    private static final String KPI_ENTRY = "kpi:";

    private final RulesConfig config;
    private final FollowUpRule rule;
    private final TopologySettings settings;
    private ProcessorContext<String, FollowUpOutput> context;
    /** Per patient: the header (epoch, status fingerprint); a value of the one-value layout is migrated on read. */
    private KeyValueStore<String, FollowUpFacts> headers;
    private KeyValueStore<String, FollowUpFact> facts;
    private KeyValueStore<String, String> emittedKpis;
    private KeyValueStore<String, FollowUpItemState> items;
    private KeyValueStore<String, String> due;
    private TrackerClock clock;
    private IndexFloor dueFloor;

    FollowUpProcessor(RulesConfig config, TopologySettings settings) {
        this.config = config;
        this.rule = new FollowUpRule(config);
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, FollowUpOutput> context) {
        this.context = context;
        this.headers = context.getStateStore(FollowUpTopology.FACTS_STORE);
        this.facts = context.getStateStore(FollowUpTopology.EVENT_FACTS_STORE);
        this.emittedKpis = context.getStateStore(FollowUpTopology.EMITTED_KPIS_STORE);
        this.items = context.getStateStore(FollowUpTopology.ITEMS_STORE);
        this.due = context.getStateStore(FollowUpTopology.DUE_STORE);
        // the clock is the recorded time of what the patient processor admitted, not the task's stream time: the
        // task also reads acknowledgements, whose wall-clock timestamps would make a replay's reminders fall due at
        // once. Created here: a revived task calls init again, and what it read since the last commit was aborted.
        this.dueFloor = new IndexFloor(DueKey.first());
        int partition = context.taskId().partition();
        this.clock = new TrackerClock(context::currentSystemTimeMs, () -> InputLag.caughtUp(partition),
                settings.idleAfter(), settings.clockCapMs());
        context.schedule(FollowUpTopology.TICK, PunctuationType.WALL_CLOCK_TIME, wall -> tick());
    }

    @Override
    public void process(Record<String, TrackerOutput> record) {
        TrackerOutput output = record.value();
        String patientId = record.key();
        clock.recordProcessed();
        clock.recordAccepted(record.timestamp());
        long now = clock.now();
        // what fell due before this event is decided without it, as live processing would have
        fireDue(Math.min(now, record.timestamp() - 1));
        if (output.kind() == TrackerOutput.Kind.PATIENT_ERASED) {
            erase(patientId, record.timestamp());
        } else if (output.kind() == TrackerOutput.Kind.ADMITTED_EVENT) {
            AdmittedEvent admitted = (AdmittedEvent) output.value();
            if (apply(patientId, admitted)) {
                reconcile(patientId, now);
            }
        }
    }

    /** Wall-clock punctuation: handles every patient with an index entry at or before the tracker's clock. */
    void tick() {
        long now = clock.now();
        if (now != Long.MIN_VALUE) {
            fireDue(now);
        }
    }

    private void fireDue(long upTo) {
        if (upTo < 0) {
            return;
        }
        Set<String> patients = new LinkedHashSet<>();
        String last = DueKey.last(upTo);
        if (dueFloor.emptyBelow(last)) {
            return;
        }
        try (KeyValueIterator<String, String> entries = due.range(dueFloor.key(), last)) {
            while (entries.hasNext()) {
                patients.add(DueKey.patientOf(entries.next().key));
            }
        }
        for (String patientId : patients) {
            reconcile(patientId, upTo);
        }
        // the next read starts at the first entry still due by then (normally none is left)
        try (KeyValueIterator<String, String> left = due.range(dueFloor.key(), last)) {
            dueFloor.raiseTo(left.hasNext() ? left.next().key : last);
        }
    }

    /** Records the admitted version of an event in the patient's facts; false when nothing the plan uses changed. */
    private boolean apply(String patientId, AdmittedEvent admitted) {
        header(patientId); // moves the facts of a value written by the one-value layout to their own entries
        SpecificRecord version = admitted.current() != null ? admitted.current() : admitted.previous();
        String eventId = String.valueOf(version.get(version.getSchema().getField("eventId").pos()));
        String key = factKey(patientId, eventId);
        Optional<FollowUpFact> known = Optional.ofNullable(facts.get(key));
        long knownAt = known.map(FollowUpFact::getRecordedAt).orElse(admitted.recordedAtMs());
        Optional<FollowUpFact> fact = admitted.current() == null ? Optional.empty()
                : FactMapper.of(admitted.current(), knownAt);
        if (known.isEmpty() && fact.isEmpty()) {
            return false;
        }
        if (fact.isEmpty()) {
            facts.delete(key);
        } else if (!fact.equals(known)) {
            facts.put(key, fact.get());
        }
        LOG.debug("Event {} of patient {}: follow-up facts {}", eventId, patientId,
                fact.isPresent() ? "updated" : "retracted");
        return true;
    }

    /**
     * Brings the patient's items, due entries, reminders, status row and KPI contributions in line with her plan as of
     * {@code now}.
     */
    private void reconcile(String patientId, long now) {
        FollowUpFacts state = header(patientId);
        Map<String, FollowUpItemState> stored = storedItems(patientId);
        FollowUpPlan plan = rule.plan(FactMapper.toRules(storedFacts(patientId)));
        String epoch = state.getEpoch();
        LocalDate today = FollowUpRule.dayOf(now);
        List<FollowUpReminder> reminders = new ArrayList<>();
        Map<String, FollowUpItemState> desired = new LinkedHashMap<>();
        Map<String, FollowUpItem> openItems = new LinkedHashMap<>();

        for (FollowUpItem item : plan.items()) {
            FollowUpItemState before = stored.remove(item.itemId());
            int sent = before == null ? 0 : before.getRemindersSent();
            String lastId = before == null ? null : before.getLastReminderId();
            long lastAt = before == null ? 0 : before.getLastReminderAt();
            if (item.open()) {
                List<Long> instants = rule.reminderInstants(item);
                while (sent < instants.size() && instants.get(sent) <= now) {
                    long at = instants.get(sent);
                    String id = reminderId(epoch, patientId, item.itemId(), sent);
                    reminders.add(reminder(patientId, item, id, sent == 0 ? FollowUpReminderStatus.RAISED
                            : FollowUpReminderStatus.ESCALATED, lastId, sent, at, rule.severityAt(item, at), null));
                    lastId = id;
                    lastAt = at;
                    sent++;
                }
                long next = sent < instants.size() ? instants.get(sent) : Long.MAX_VALUE;
                desired.put(item.itemId(), new FollowUpItemState(item.itemId(), item.dueDate(), next, sent, lastId,
                        lastAt));
                openItems.put(item.itemId(), item);
            } else if (sent > 0) {
                boolean inTime = item.metBeforeReminder();
                reminders.add(reminder(patientId, item, closingId(epoch, patientId, item.itemId(), sent),
                        inTime ? FollowUpReminderStatus.WITHDRAWN : FollowUpReminderStatus.RESOLVED, lastId, sent,
                        Math.max(now, lastAt), rule.severityAt(item, lastAt), inTime
                                ? "met in time: " + item.satisfyingEventId() + " on " + item.satisfiedOn()
                                + ", before the first reminder day " + item.remindFrom()
                                : "met after the reminder: " + item.satisfyingEventId() + " on " + item.satisfiedOn()));
            }
        }
        for (FollowUpItemState gone : stored.values()) {
            if (!gone.getItemId().startsWith(KPI_ENTRY) && gone.getRemindersSent() > 0) {
                reminders.add(withdrawnBasis(patientId, epoch, gone, Math.max(now, gone.getLastReminderAt())));
            }
        }
        for (KpiMeasure m : plan.kpis()) {
            if (m.outcomeOn(today) == null) {
                // the window closes at the end of windowEnd: the measure is decided (missed) from the next midnight
                long decideAt = FollowUpRule.startOfDay(m.windowEnd().plusDays(1));
                String id = KPI_ENTRY + m.kpi() + "@" + m.subject();
                stored.remove(id);
                desired.put(id, new FollowUpItemState(id, m.windowEnd(), decideAt, 0, null, 0L));
            }
        }
        writeItems(patientId, storedItems(patientId), desired);

        reminders.sort(Comparator.comparing(FollowUpReminder::getRaisedAt).thenComparing(FollowUpReminder::getItemId)
                .thenComparing(FollowUpReminder::getEscalation));
        reminders.forEach(r -> {
            forward(FollowUpOutput.Kind.REMINDER, patientId, r, r.getRaisedAt().toEpochMilli());
            LOG.info("Follow-up reminder {} ({}) for patient {}: {} {}", r.getReminderId(), r.getStatus(), patientId,
                    r.getItem(), r.getItemId());
        });
        if (emitStatus(patientId, state, openItems, desired, now)) {
            headers.put(patientId, state);
        }
        emitKpis(patientId, plan, today, now);
    }

    private boolean emitStatus(String patientId, FollowUpFacts state, Map<String, FollowUpItem> open,
                               Map<String, FollowUpItemState> itemStates, long now) {
        if (open.isEmpty()) {
            if (state.getStatusFingerprint().isEmpty()) {
                return false;
            }
            state.put("statusFingerprint", "");
            forward(FollowUpOutput.Kind.STATUS, patientId, null, now);
            return true;
        }
        List<OpenFollowUpItem> rows = new ArrayList<>();
        for (FollowUpItem item : open.values()) {
            FollowUpItemState s = itemStates.get(item.itemId());
            rows.add(OpenFollowUpItem.newBuilder().setItemId(item.itemId()).setItem(kind(item))
                    .setDescription(item.kind().label() + ": " + item.reason())
                    .setAnchorEventId(item.anchorEventId()).setAnchorDate(item.anchorDate())
                    .setDueDate(item.dueDate()).setRemindFrom(item.remindFrom())
                    .setSeverity(severity(rule.severityAt(item, now))).setSatisfiedBy(item.satisfiedBy())
                    .setSource(item.source()).setRemindersSent(s.getRemindersSent())
                    .setLastReminderId(s.getLastReminderId()).build());
        }
        FollowUpStatus row = FollowUpStatus.newBuilder().setPatientId(patientId).setOpenItems(rows)
                .setRuleSetVersion(config.ruleSetVersion()).build();
        String fingerprint = EventFingerprint.sha256Hex(row.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (fingerprint.equals(state.getStatusFingerprint())) {
            return false;
        }
        state.put("statusFingerprint", fingerprint);
        forward(FollowUpOutput.Kind.STATUS, patientId, row, now);
        return true;
    }

    /** Emits the KPI contributions that changed and keeps what was emitted, one entry per contribution key. */
    private void emitKpis(String patientId, FollowUpPlan plan, LocalDate today, long now) {
        Map<String, String> before = emittedKpis(patientId);
        Map<String, KpiContribution> after = new LinkedHashMap<>();
        for (KpiMeasure m : plan.kpis()) {
            Boolean outcome = m.outcomeOn(today);
            if (outcome != null) {
                after.put(patientId + "|" + m.key(), new KpiContribution(m.kpi().name(), m.reportingMonth(),
                        m.sourceSystem(), outcome));
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                forward(FollowUpOutput.Kind.KPI_CONTRIBUTION, key, null, now);
                emittedKpis.delete(key);
            }
        }
        for (Map.Entry<String, KpiContribution> e : after.entrySet()) {
            String fingerprint = e.getValue().toString();
            if (!fingerprint.equals(before.get(e.getKey()))) {
                forward(FollowUpOutput.Kind.KPI_CONTRIBUTION, e.getKey(), e.getValue(), now);
                emittedKpis.put(e.getKey(), fingerprint);
            }
        }
    }

    /** Drops the patient's facts, items and due entries; retracts her KPI contributions and status row. */
    private void erase(String patientId, long timestamp) {
        FollowUpFacts state = header(patientId);
        Map<String, FollowUpItemState> stored = storedItems(patientId);
        writeItems(patientId, stored, Map.of());
        Map<String, String> contributions = emittedKpis(patientId);
        contributions.keySet().forEach(key -> {
            forward(FollowUpOutput.Kind.KPI_CONTRIBUTION, key, null, timestamp);
            emittedKpis.delete(key);
        });
        if (!state.getStatusFingerprint().isEmpty()) {
            forward(FollowUpOutput.Kind.STATUS, patientId, null, timestamp);
        }
        List<String> factKeys = new ArrayList<>();
        try (KeyValueIterator<String, FollowUpFact> it = facts.prefixScan(patientId + "|", new StringSerializer())) {
            it.forEachRemaining(e -> factKeys.add(e.key));
        }
        factKeys.forEach(facts::delete);
        // only the history epoch survives, so that reminder ids of a re-published history never repeat
        headers.put(patientId, FollowUpFacts.newBuilder().setPatientId(patientId)
                .setEpoch(String.valueOf(timestamp)).build());
        LOG.info("Patient {} erased: {} follow-up facts, {} items and {} KPI contributions removed", patientId,
                factKeys.size(), stored.size(), contributions.size());
    }

    /**
     * The patient's header ({@code epoch "0"} and nothing emitted when none is stored). A value written by the
     * one-value-per-patient layout still holds her facts and emitted KPI contributions: they are moved to their own
     * entries here, before anything reads them, and the header is written back without them.
     */
    private FollowUpFacts header(String patientId) {
        FollowUpFacts header = headers.get(patientId);
        if (header == null) {
            return FollowUpFacts.newBuilder().setPatientId(patientId).build();
        }
        if (!header.getFacts().isEmpty() || !header.getKpiContributions().isEmpty()) {
            header.getFacts().forEach(f -> facts.put(factKey(patientId, f.getEventId()), f));
            header.getKpiContributions().forEach(c -> emittedKpis.put(c.getKey(), c.getFingerprint()));
            LOG.info("Patient {}: {} follow-up facts and {} KPI contributions moved from the one-value layout to "
                    + "their own entries", patientId, header.getFacts().size(), header.getKpiContributions().size());
            header.put("facts", List.of());
            header.put("kpiContributions", List.of());
            headers.put(patientId, header);
        }
        return header;
    }

    private List<FollowUpFact> storedFacts(String patientId) {
        List<FollowUpFact> stored = new ArrayList<>();
        try (KeyValueIterator<String, FollowUpFact> it = facts.prefixScan(patientId + "|", new StringSerializer())) {
            it.forEachRemaining(e -> stored.add(e.value));
        }
        return stored;
    }

    /** The KPI contributions last emitted for the patient: contribution key → fingerprint, in key order. */
    private Map<String, String> emittedKpis(String patientId) {
        Map<String, String> emitted = new LinkedHashMap<>();
        try (KeyValueIterator<String, String> it = emittedKpis.prefixScan(patientId + "|", new StringSerializer())) {
            it.forEachRemaining(e -> emitted.put(e.key, e.value));
        }
        return emitted;
    }

    static String factKey(String patientId, String eventId) {
        return patientId + "|" + eventId;
    }

    private Map<String, FollowUpItemState> storedItems(String patientId) {
        Map<String, FollowUpItemState> stored = new HashMap<>();
        try (KeyValueIterator<String, FollowUpItemState> it = items.prefixScan(patientId + "|",
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, FollowUpItemState> e = it.next();
                stored.put(e.value.getItemId(), e.value);
            }
        }
        return stored;
    }

    private void writeItems(String patientId, Map<String, FollowUpItemState> before,
                            Map<String, FollowUpItemState> after) {
        for (FollowUpItemState old : before.values()) {
            FollowUpItemState now = after.get(old.getItemId());
            if (now == null || now.getNextAttentionMs() != old.getNextAttentionMs()) {
                if (old.getNextAttentionMs() != Long.MAX_VALUE) {
                    due.delete(DueKey.of(old.getNextAttentionMs(), patientId, old.getItemId()));
                }
            }
            if (now == null) {
                items.delete(patientId + "|" + old.getItemId());
            }
        }
        for (FollowUpItemState now : after.values()) {
            FollowUpItemState old = before.get(now.getItemId());
            if (!now.equals(old)) {
                items.put(patientId + "|" + now.getItemId(), now);
            }
            if ((old == null || old.getNextAttentionMs() != now.getNextAttentionMs())
                    && now.getNextAttentionMs() != Long.MAX_VALUE) {
                String key = DueKey.of(now.getNextAttentionMs(), patientId, now.getItemId());
                due.put(key, "");
                dueFloor.added(key);
            }
        }
    }

    private FollowUpReminder reminder(String patientId, FollowUpItem item, String id, FollowUpReminderStatus status,
                                      String replaces, int escalation, long at,
                                      org.plotracker.rules.Severity severity, String statusReason) {
        boolean closing = status == FollowUpReminderStatus.RESOLVED || status == FollowUpReminderStatus.WITHDRAWN;
        return FollowUpReminder.newBuilder().setReminderId(id).setPatientId(patientId).setStatus(status)
                .setReplacesReminderId(replaces).setItemId(item.itemId()).setItem(kind(item))
                .setSeverity(severity(severity)).setHeadline(headline(item, status, at))
                .setAnchorEventId(item.anchorEventId()).setAnchorDate(item.anchorDate()).setDueDate(item.dueDate())
                .setRemindFrom(item.remindFrom()).setEscalation(closing ? Math.max(0, escalation - 1) : escalation)
                .setReason(item.reason()).setSource(item.source()).setSatisfiedBy(item.satisfiedBy())
                .setSatisfyingEventId(closing ? item.satisfyingEventId() : null)
                .setSatisfiedOn(closing ? item.satisfiedOn() : null).setStatusReason(statusReason)
                .setRuleSetVersion(config.ruleSetVersion()).setRaisedAt(Instant.ofEpochMilli(at)).build();
    }

    private FollowUpReminder withdrawnBasis(String patientId, String epoch, FollowUpItemState gone, long at) {
        return FollowUpReminder.newBuilder().setReminderId(closingId(epoch, patientId, gone.getItemId(),
                        gone.getRemindersSent())).setPatientId(patientId).setStatus(FollowUpReminderStatus.WITHDRAWN)
                .setReplacesReminderId(gone.getLastReminderId()).setItemId(gone.getItemId())
                .setItem(FollowUpItemKind.valueOf(gone.getItemId().substring(0, gone.getItemId().indexOf('@'))))
                .setSeverity(AlertSeverity.INFO)
                .setHeadline("Follow-up reminder withdrawn: the events it was based on were corrected or retracted")
                .setAnchorEventId("").setAnchorDate(gone.getDueDate()).setDueDate(gone.getDueDate())
                .setRemindFrom(gone.getDueDate()).setEscalation(Math.max(0, gone.getRemindersSent() - 1))
                .setReason("the item is no longer part of the patient's follow-up plan").setSource("")
                .setSatisfiedBy("").setStatusReason("basis corrected or retracted")
                .setRuleSetVersion(config.ruleSetVersion()).setRaisedAt(Instant.ofEpochMilli(at)).build();
    }

    private static String headline(FollowUpItem item, FollowUpReminderStatus status, long at) {
        LocalDate day = FollowUpRule.dayOf(at);
        return switch (status) {
            case WITHDRAWN -> item.kind().label() + " was met in time (" + item.satisfiedOn() + "): reminder withdrawn";
            case RESOLVED -> item.kind().label() + " met on " + item.satisfiedOn() + ", after its due date "
                    + item.dueDate();
            default -> item.dueDate().isBefore(day)
                    ? item.kind().label() + " overdue since " + item.dueDate().plusDays(1) + " (due " + item.dueDate()
                    + ")"
                    : item.kind().label() + " due by " + item.dueDate();
        };
    }

    private String reminderId(String epoch, String patientId, String itemId, int escalation) {
        return "fu-" + hash(epoch, patientId, itemId, Integer.toString(escalation), config.ruleSetVersion());
    }

    private String closingId(String epoch, String patientId, String itemId, int sent) {
        return "fu-" + hash(epoch, patientId, itemId, "closed-after-" + sent, config.ruleSetVersion());
    }

    private static String hash(String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return EventFingerprint.sha256Hex(bytes).substring(0, 32);
    }

    private static FollowUpItemKind kind(FollowUpItem item) {
        return FollowUpItemKind.valueOf(item.kind().name());
    }

    private static AlertSeverity severity(org.plotracker.rules.Severity s) {
        return AlertSeverity.valueOf(s.name());
    }

    private void forward(FollowUpOutput.Kind kind, String key, Object value, long timestamp) {
        context.forward(new Record<>(key, new FollowUpOutput(kind, key, value, timestamp), Math.max(0, timestamp)));
    }

    /** Keys of the due index: {@code <13-digit epoch ms>|<patientId>|<itemId>}. */
    static final class DueKey {
        private DueKey() {
        }

        static String of(long instantMs, String patientId, String itemId) {
            return String.format("%013d", instantMs) + "|" + patientId + "|" + itemId;
        }

        static String first() {
            return String.format("%013d", 0L);
        }

        /** The largest key of every entry at or before {@code instantMs}. */
        static String last(long instantMs) {
            return String.format("%013d", instantMs) + "|\uffff";
        }

        static String patientOf(String key) {
            int from = key.indexOf('|') + 1;
            return key.substring(from, key.indexOf('|', from));
        }
    }
}
