package org.plotracker.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.internal.CohortAggregate;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;
import org.plotracker.workspace.readside.WorkspaceStores;

/**
 * The tracker topology: the five clinical event topics and the erasure topic (co-partitioned, key = patient id) merge
 * into one per-patient processor with split, changelogged, cached RocksDB stores (docs/architecture.md, "State
 * layout"); its outputs are routed to the alert and derived topics, and the per-patient cohort contributions are
 * aggregated by {@code <site>|<treatmentGroup>} with an adder/subtractor (so retractions are exact).
 *
 * <p>Patients are decided on recorded time ({@link TopologySettings}): as of each event's recordedAt, once the
 * tracker's clock has passed it by the settle interval, so that the outputs do not depend on the order or speed in
 * which her events arrive from the six topics.
 *
 * <p>Used by the app and by the tests: {@code TrackerTopology.build(rulesConfig, serdeConfig, settings)} with the
 * registry serde configuration (e.g. {@code AvroSerdeConfig.mockRegistry("test")} in tests).
 */
public final class TrackerTopology {

    /** Every accepted version of every event, key {@code <patientId>|<eventId>}. */
    public static final String EVENTS_STORE = "patient-events";
    /** A small summary per patient (how far she is decided, her pending instants), key {@code <patientId>}. */
    public static final String SUMMARY_STORE = "patient-summary";
    /** What was emitted for a patient, key {@code <patientId>|<kind>|<id>} (rows, alerts, contributions). */
    public static final String OUTPUTS_STORE = "patient-outputs";
    /** Patients erased and their current history epoch, key {@code <patientId>}; no clinical data. */
    public static final String ERASED_STORE = "erased-patients";
    /** Each patient's current cohort contribution per site, key {@code <patientId>|<site>}. */
    public static final String CONTRIBUTION_STORE = "cohort-contributions";
    /** Running sums per {@code <site>|<treatmentGroup>}: no patient data. */
    public static final String COHORT_STORE = "cohort-aggregates";
    /**
     * Decisions not yet taken: key {@code <instant>|<patientId>} ({@link StoreKeys#decision}), value the instant
     * (epoch ms of recorded time). The clock reads only its due entries.
     */
    public static final String PENDING_DECISIONS_STORE = "pending-decisions";

    /**
     * Streams configuration key with the partition count of the input topics; when set, a record on another
     * partition than Kafka's default partitioner gives its key is dead-lettered as MISPARTITIONED.
     */
    public static final String INPUT_PARTITIONS_CONFIG = PartitionGuard.INPUT_PARTITIONS_CONFIG;

    private TrackerTopology() {
    }

    /**
     * Builds the topology with the Confluent-wire Avro serdes configured by {@code serdeConfig} and the shared event
     * validator with its default limits, deciding without a settle interval ({@link TopologySettings#immediate()});
     * pass {@link TopologySettings} for another one.
     */
    public static Topology build(RulesConfig config, Map<String, Object> serdeConfig) {
        return build(config, serdeConfig, TopologySettings.immediate());
    }

    /** As {@link #build(RulesConfig, Map)}, with the topology's own settings (settle interval, idle threshold). */
    public static Topology build(RulesConfig config, Map<String, Object> serdeConfig, TopologySettings settings) {
        return build(config, ValueSerdes.fromConfig(serdeConfig), EventScreen.defaults(), settings);
    }

    /**
     * Builds the topology deciding without a settle interval ({@link TopologySettings#immediate()}); see
     * {@link #build(RulesConfig, ValueSerdes, EventScreen, TopologySettings)}.
     */
    public static Topology build(RulesConfig config, ValueSerdes serdes, EventScreen screen) {
        return build(config, serdes, screen, TopologySettings.immediate());
    }

    /**
     * Builds the topology.
     *
     * @param config   the clinical rules configuration
     * @param serdes   value serdes of the contract types (schema-registry backed)
     * @param screen   validation of impossible values; problems send the event to the dead-letter topic
     * @param settings the settle interval and idle threshold ({@link TopologySettings#defaults()}: 3 s and 2 s; the
     *                 app reads {@value TopologySettings#ALERT_SETTLE_MS} and {@value TopologySettings#IDLE_AFTER_MS})
     */
    public static Topology build(RulesConfig config, ValueSerdes serdes, EventScreen screen,
                                 TopologySettings settings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(screen, "screen");
        Objects.requireNonNull(settings, "settings");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(store(EVENTS_STORE, InternalSerde.eventVersions()));
        builder.addStateStore(store(SUMMARY_STORE, InternalSerde.patientSummary()));
        builder.addStateStore(store(OUTPUTS_STORE, InternalSerde.patientOutput()));
        builder.addStateStore(store(PENDING_DECISIONS_STORE, Serdes.Long()));
        builder.addStateStore(store(ERASED_STORE, Serdes.String()));

        KStream<String, Object> inputs = null;
        for (TopicSpec<?> topic : Topics.INPUTS) {
            KStream<String, Object> stream = source(builder, topic, serdes);
            inputs = inputs == null ? stream : inputs.merge(stream, Named.as("merge-" + shortName(topic)));
        }
        OutputPlanner planner = new OutputPlanner(new ClinicalRules(config));
        KStream<String, TrackerOutput> outputs = inputs.process(() -> new PatientProcessor(planner, screen, settings),
                Named.as("patient-record"), EVENTS_STORE, SUMMARY_STORE, OUTPUTS_STORE, PENDING_DECISIONS_STORE,
                ERASED_STORE);

        Map<String, KStream<String, TrackerOutput>> byKind = outputs.split(Named.as("output-"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.BMD_CHANGE_ALERT, Branched.as("bmd-change-alert"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.RECURRENCE_RISK_ALERT,
                        Branched.as("recurrence-risk-alert"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.PATIENT_TIMELINE, Branched.as("patient-timeline"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.BMD_CHANGE, Branched.as("bmd-change"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.COHORT_CONTRIBUTION,
                        Branched.as("cohort-contribution"))
                .noDefaultBranch();

        // the care-team workspace's read side, downstream of the patient processor in the same task
        WorkspaceStores.attach(builder, outputs, serdes);

        sink(byKind.get("output-bmd-change-alert"), Topics.BMD_CHANGE_ALERTS, serdes);
        sink(byKind.get("output-recurrence-risk-alert"), Topics.RECURRENCE_RISK_ALERTS, serdes);
        sink(byKind.get("output-patient-timeline"), Topics.PATIENT_TIMELINE, serdes);
        sink(byKind.get("output-bmd-change"), Topics.BMD_CHANGE, serdes);

        Serde<CohortContribution> contributionSerde = InternalSerde.released(CohortContribution.class);
        Serde<CohortAggregate> aggregateSerde = InternalSerde.released(CohortAggregate.class);
        byKind.get("output-cohort-contribution")
                .mapValues(o -> (CohortContribution) o.value(), Named.as("contribution-value"))
                .toTable(Named.as("contribution-table"),
                        Materialized.<String, CohortContribution, KeyValueStore<Bytes, byte[]>>as(CONTRIBUTION_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(contributionSerde))
                .groupBy((key, c) -> KeyValue.pair(c.getSite() + "|" + c.getTreatmentGroup(), c),
                        Grouped.with("cohort-by-site-group", Serdes.String(), contributionSerde))
                .aggregate(CohortStatistics::empty, CohortStatistics::add, CohortStatistics::subtract,
                        Named.as("cohort-aggregate"),
                        Materialized.<String, CohortAggregate, KeyValueStore<Bytes, byte[]>>as(COHORT_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(aggregateSerde))
                .mapValues(CohortStatistics::toSummary, Named.as("cohort-summary"))
                .toStream(Named.as("cohort-summary-stream"))
                .to(Topics.COHORT_SUMMARY.name(), Produced.with(Serdes.String(),
                        serdes.forType(Topics.COHORT_SUMMARY.valueType())).withName("cohort-summary-sink"));
        return builder.build();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> KStream<String, Object> source(StreamsBuilder builder,
                                                                          TopicSpec<?> topic, ValueSerdes serdes) {
        TopicSpec<T> typed = (TopicSpec<T>) topic;
        KStream<String, T> stream = builder.stream(typed.name(), Consumed.with(Serdes.String(),
                serdes.forType(typed.valueType())).withName("source-" + shortName(topic)));
        return ((KStream<String, Object>) (KStream<String, ?>) stream)
                .processValues(PartitionGuard::new, Named.as("partition-guard-" + shortName(topic)));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> void sink(KStream<String, TrackerOutput> stream, TopicSpec<T> topic,
                                                        ValueSerdes serdes) {
        stream.mapValues(o -> (T) o.value(), Named.as("value-" + shortName(topic)))
                .to(topic.name(), Produced.with(Serdes.String(), serdes.forType(topic.valueType()))
                        .withName("sink-" + shortName(topic)));
    }

    private static String shortName(TopicSpec<?> topic) {
        return topic.name().replace("plo.", "").replace(".v1", "").replace('.', '-');
    }

    /**
     * How many patients of this instance's tasks have decisions pending (an interactive query of
     * {@link #PENDING_DECISIONS_STORE}; the streams must be RUNNING). Zero means every decision was taken and its
     * alerts handed to the output topics; they are readable with read_committed once the task's next commit completes
     * (a reader that must see them waits until the alert topics hold no open transaction, or on the alerts it
     * expects).
     */
    public static long patientsWithPendingAlerts(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                PENDING_DECISIONS_STORE, QueryableStoreTypes.keyValueStore()));
        java.util.Set<String> patients = new java.util.HashSet<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                patients.add(StoreKeys.patientOfDecision(all.next().key));
            }
        }
        return patients.size();
    }

    /**
     * Waits until this instance holds no pending alert and a commit of its stream threads has completed since: every
     * alert decided so far is then committed on the alert topics (the punctuator that emits them and the commit run
     * on the same stream thread, one after the other). For the demo and tests that read alerts after publishing a
     * batch; the input offsets alone do not show it, the punctuator does not move them. Only this instance's tasks
     * are seen; events still arriving keep alerts pending.
     *
     * @return false when {@code timeout} passed first
     */
    public static boolean awaitAlertsSettled(KafkaStreams streams, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingOrUnknown(streams)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // polling a condition
        }
        double commitsBefore = commits(streams);
        while (commits(streams) <= commitsBefore) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // polling a condition
        }
        return true;
    }

    /** True while patients have pending alerts, or while the store cannot be queried (e.g. during a rebalance). */
    private static boolean pendingOrUnknown(KafkaStreams streams) {
        try {
            return patientsWithPendingAlerts(streams) > 0;
        } catch (InvalidStateStoreException e) {
            return true;
        }
    }

    private static double commits(KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("commit-total")
                        && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** Every store name of the topology (for the docs and for tests). */
    public static List<String> storeNames() {
        List<String> names = new ArrayList<>(List.of(EVENTS_STORE, SUMMARY_STORE, OUTPUTS_STORE,
                PENDING_DECISIONS_STORE, ERASED_STORE, CONTRIBUTION_STORE, COHORT_STORE));
        names.addAll(WorkspaceStores.storeNames());
        return names;
    }
}
