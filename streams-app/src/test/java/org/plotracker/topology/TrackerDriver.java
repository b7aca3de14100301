package org.plotracker.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.rules.RulesConfig;

/** A TopologyTestDriver around the tracker topology, with one typed input per topic and readers for every output. */
final class TrackerDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final ValueSerdes serdes;
    private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
    private final Map<String, TestOutputTopic<String, ?>> outputs = new HashMap<>();
    private final Path stateDir;

    /** Alerts emitted at once (no settling window). */
    TrackerDriver(RulesConfig config, ValueSerdes serdes, EventScreen screen) {
        this(config, serdes, screen, new Properties());
    }

    /** With streams properties merged over {@link TrackerStreamsConfig#defaults()}; alerts emitted at once. */
    TrackerDriver(RulesConfig config, ValueSerdes serdes, EventScreen screen, Properties overrides) {
        this(config, serdes, screen, TopologySettings.immediate(), overrides);
    }

    /** With the topology's settings (e.g. an alert settling window). */
    TrackerDriver(RulesConfig config, ValueSerdes serdes, EventScreen screen, TopologySettings settings) {
        this(config, serdes, screen, settings, new Properties());
    }

    TrackerDriver(RulesConfig config, ValueSerdes serdes, EventScreen screen, TopologySettings settings,
                  Properties overrides) {
        this(config, serdes, screen, settings, overrides, (java.time.Instant) null);
    }

    /** With the driver's wall clock starting at {@code wallClockStart} (null: now), for tests of the tracker clock. */
    TrackerDriver(RulesConfig config, ValueSerdes serdes, EventScreen screen, TopologySettings settings,
                  Properties overrides, java.time.Instant wallClockStart) {
        this.serdes = serdes;
        try {
            this.stateDir = Files.createTempDirectory("tracker-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = TrackerStreamsConfig.defaults();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.putAll(overrides);
        driver = wallClockStart == null
                ? new TopologyTestDriver(TrackerTopology.build(config, serdes, screen, settings), props)
                : new TopologyTestDriver(TrackerTopology.build(config, serdes, screen, settings), props,
                        wallClockStart);
        for (TopicSpec<?> topic : Topics.INPUTS) {
            inputs.put(topic.name(), input(topic));
        }
        for (TopicSpec<?> topic : Topics.OUTPUTS) {
            outputs.put(topic.name(), output(topic));
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> TestInputTopic<String, SpecificRecord> input(TopicSpec<?> topic) {
        Serde<T> serde = serdes.forType((Class<T>) topic.valueType());
        return (TestInputTopic<String, SpecificRecord>) (TestInputTopic<String, ?>) driver.createInputTopic(
                topic.name(), Serdes.String().serializer(), serde.serializer());
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> TestOutputTopic<String, T> output(TopicSpec<?> topic) {
        Serde<T> serde = serdes.forType((Class<T>) topic.valueType());
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), serde.deserializer());
    }

    /**
     * Pipes an event to the topic of its type, keyed by its patient id, with its recordedAt as the record timestamp
     * (the time {@link RecordedAtTimestampExtractor} reads from the event).
     */
    void pipe(SpecificRecord event) {
        TopicSpec<?> topic = Topics.INPUTS.stream().filter(t -> t.valueType().isInstance(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic for " + event.getClass()));
        String patientId = (String) event.get(event.getSchema().getField("patientId").pos());
        java.time.Instant recordedAt = (java.time.Instant) event.get(event.getSchema().getField("recordedAt").pos());
        inputs.get(topic.name()).pipeInput(patientId, event, recordedAt);
    }

    void pipeAll(List<? extends SpecificRecord> events) {
        events.forEach(this::pipe);
    }

    /** Pipes an event with an explicit key (for key/patient-id mismatch tests). */
    void pipeKeyed(String key, SpecificRecord event) {
        TopicSpec<?> topic = Topics.INPUTS.stream().filter(t -> t.valueType().isInstance(event)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topic for " + event.getClass()));
        inputs.get(topic.name()).pipeInput(key, event);
    }

    /** An acknowledgement on the workspace's control topic, keyed by its patient. */
    void acknowledge(org.plotracker.contracts.control.AlertAcknowledged ack) {
        driver.createInputTopic(Topics.ALERT_ACK.name(), Serdes.String().serializer(),
                serdes.forType(org.plotracker.contracts.control.AlertAcknowledged.class).serializer())
                .pipeInput(ack.getPatientId(), ack);
    }

    /** The contents of a key-value store of the topology, in key order. */
    <V> java.util.SortedMap<String, V> store(String name) {
        java.util.SortedMap<String, V> contents = new java.util.TreeMap<>();
        org.apache.kafka.streams.state.KeyValueStore<String, V> store = driver.getKeyValueStore(name);
        try (var all = store.all()) {
            all.forEachRemaining(kv -> contents.put(kv.key, kv.value));
        }
        return contents;
    }

    /** A null value (tombstone) for a patient on one input topic. */
    void tombstone(TopicSpec<?> topic, String patientId) {
        inputs.get(topic.name()).pipeInput(patientId, null);
    }

    /** Raw bytes on an input topic (for undecodable-record tests). */
    void pipeRaw(String topic, String key, byte[] value) {
        driver.createInputTopic(topic, Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value);
    }

    @SuppressWarnings("unchecked")
    private <T> List<KeyValue<String, T>> drain(TopicSpec<?> topic) {
        return ((TestOutputTopic<String, T>) outputs.get(topic.name())).readKeyValuesToList();
    }

    List<BmdChange> bmdChanges() {
        return this.<BmdChange>drain(Topics.BMD_CHANGE).stream().map(kv -> kv.value).toList();
    }

    List<BmdChangeAlert> bmdAlerts() {
        return this.<BmdChangeAlert>drain(Topics.BMD_CHANGE_ALERTS).stream().map(kv -> kv.value).toList();
    }

    List<RecurrenceRiskAlert> recurrenceAlerts() {
        return this.<RecurrenceRiskAlert>drain(Topics.RECURRENCE_RISK_ALERTS).stream().map(kv -> kv.value).toList();
    }

    /** Follow-up reminders in order. */
    List<org.plotracker.contracts.alerts.FollowUpReminder> followUpReminders() {
        return this.<org.plotracker.contracts.alerts.FollowUpReminder>drain(Topics.FOLLOW_UP_REMINDERS).stream()
                .map(kv -> kv.value).toList();
    }

    /** Follow-up status rows in order (null = tombstone). */
    List<KeyValue<String, org.plotracker.contracts.derived.FollowUpStatus>> followUpStatusUpdates() {
        return drain(Topics.FOLLOW_UP_STATUS);
    }

    /** FLS KPI rows in order (null = tombstone). */
    List<KeyValue<String, org.plotracker.contracts.derived.FlsKpi>> flsKpiUpdates() {
        return drain(Topics.FLS_KPI);
    }

    /** Entries of the follow-up due index, in key (= due) order. */
    List<String> followUpsDue() {
        List<String> keys = new ArrayList<>();
        try (var all = driver.<String, String>getKeyValueStore(
                org.plotracker.followup.FollowUpTopology.DUE_STORE).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** Timeline records in order (null = tombstone). */
    List<KeyValue<String, PatientTimeline>> timelines() {
        return drain(Topics.PATIENT_TIMELINE);
    }

    /** Cohort-summary records in order (null = tombstone). */
    List<KeyValue<String, CohortSummary>> cohortSummaryUpdates() {
        return drain(Topics.COHORT_SUMMARY);
    }

    /** Folds cohort-summary updates into the latest value per key, as a compacted topic would keep them. */
    static Map<String, CohortSummary> latest(Map<String, CohortSummary> into, List<KeyValue<String, CohortSummary>> kv) {
        for (KeyValue<String, CohortSummary> r : kv) {
            if (r.value == null) {
                into.remove(r.key);
            } else {
                into.put(r.key, r.value);
            }
        }
        return into;
    }

    Map<String, CohortSummary> cohortSummary(Map<String, CohortSummary> previous) {
        return latest(new LinkedHashMap<>(previous), cohortSummaryUpdates());
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return new ArrayList<>(driver.createOutputTopic(Topics.DEAD_LETTER, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer()).readRecordsToList());
    }

    /** Advances the driver's wall clock (fires the wall-clock punctuators that are due). */
    void advanceWallClock(java.time.Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Every key of one of the tracker's stores, in store order. */
    List<String> storeKeys(String store) {
        List<String> keys = new ArrayList<>();
        try (var all = driver.<String, Object>getKeyValueStore(store).all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** The keys of one store that belong to a patient ({@code <patientId>|...}, or the patient id itself). */
    List<String> storeKeysOf(String store, String patientId) {
        return storeKeys(store).stream().filter(k -> k.equals(patientId) || k.startsWith(patientId + "|")).toList();
    }

    /** Patients with decisions pending: id → the earliest pending decision instant (epoch ms of recorded time). */
    Map<String, Long> patientsWithPendingAlerts() {
        Map<String, Long> pending = new LinkedHashMap<>();
        try (var all = driver.<String, Long>getKeyValueStore(TrackerTopology.PENDING_DECISIONS_STORE).all()) {
            all.forEachRemaining(kv -> pending.putIfAbsent(StoreKeys.patientOfDecision(kv.key), kv.value));
        }
        return pending;
    }

    /** Bytes (keys and values) written to the changelogs of the tracker's stores since the last call. */
    long changelogBytes() {
        long bytes = 0;
        for (String topic : driver.producedTopicNames()) {
            if (!topic.endsWith("-changelog")) {
                continue;
            }
            for (var r : driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).readRecordsToList()) {
                bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            }
        }
        return bytes;
    }

    /**
     * Puts every entry of every store of {@code stopped} into this driver's stores: what a restarted instance finds
     * after restoring its stores from their changelogs. (TopologyTestDriver deletes its state directory on close, so
     * a restart is emulated by copying the stores of a driver not yet closed into a fresh one; stream time and
     * punctuation schedules start afresh, as they do in a new process.)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void restoreStoresOf(TrackerDriver stopped) {
        for (Map.Entry<String, org.apache.kafka.streams.processor.StateStore> store
                : stopped.driver.getAllStateStores().entrySet()) {
            if (!(store.getValue() instanceof org.apache.kafka.streams.state.KeyValueStore from)) {
                throw new IllegalStateException("Store " + store.getKey() + " is not a key-value store");
            }
            var to = (org.apache.kafka.streams.state.KeyValueStore) driver.getAllStateStores().get(store.getKey());
            try (var all = from.all()) {
                all.forEachRemaining(kv -> to.put(((KeyValue) kv).key, ((KeyValue) kv).value));
            }
        }
    }

    TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // temp directory; the OS cleans up what remains
        }
    }
}
