package org.plotracker.followup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.internal.FollowUpFact;
import org.plotracker.contracts.internal.FollowUpFacts;
import org.plotracker.contracts.internal.FollowUpItemState;
import org.plotracker.contracts.internal.KpiAggregate;
import org.plotracker.contracts.internal.KpiContribution;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.InternalSerde;
import org.plotracker.topology.TopologySettings;
import org.plotracker.topology.TrackerOutput;
import org.plotracker.topology.ValueSerdes;

/**
 * The follow-up part of the tracker topology: the follow-up processor fed by the patient record's admitted events and
 * erasures, its five stores, and its outputs (reminders, the per-patient status row, and the KPI table aggregated
 * from per-patient contributions with an adder/subtractor, so corrections and erasures are exact).
 */
public final class FollowUpTopology {

    /**
     * Per patient: her follow-up header, the history epoch and the fingerprint of the status row last emitted (the
     * store's name and value type are those of the one-value-per-patient layout, whose values it migrates on read).
     */
    public static final String FACTS_STORE = "follow-up-facts";
    /** {@code <patientId>|<eventId>}: the facts her follow-up plan needs, one per event in its version in force. */
    public static final String EVENT_FACTS_STORE = "follow-up-event-facts";
    /** {@code <patientId>|<kpi>|<subject>}: the fingerprint of each KPI contribution last emitted for her. */
    public static final String EMITTED_KPIS_STORE = "follow-up-emitted-kpis";
    /** {@code <patientId>|<itemId>}: open items and pending KPI checkpoints with their next instant of attention. */
    public static final String ITEMS_STORE = "follow-up-items";
    /** The due index {@code <13-digit instant>|<patientId>|<itemId>}: RocksDB order is due order. */
    public static final String DUE_STORE = "follow-up-due";
    /** Each patient's current KPI contributions, key {@code <patientId>|<kpi>|<subject>}. */
    public static final String KPI_CONTRIBUTION_STORE = "fls-kpi-contributions";
    /** Running numerators and denominators per {@code <yyyy-MM>|<sourceSystem>}: no patient data. */
    public static final String KPI_STORE = "fls-kpi-aggregates";
    /** How often the wall-clock tick looks at the due index. */
    static final Duration TICK = Duration.ofSeconds(1);

    private FollowUpTopology() {
    }

    /**
     * Waits until this instance's due index holds no entry at or before {@code upToMs} (every reminder and KPI
     * decision due by then was handled) and a commit of its stream threads has completed since, so the outputs are
     * readable with read_committed. For the demo, which judges the source cases as of an explicit date.
     *
     * @return false when {@code timeout} passed first
     */
    public static boolean awaitDueHandled(org.apache.kafka.streams.KafkaStreams streams, long upToMs,
                                          Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dueOrUnknown(streams, upToMs)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100); // polling a condition
        }
        double before = commits(streams);
        while (commits(streams) <= before) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // polling a condition
        }
        return true;
    }

    private static boolean dueOrUnknown(org.apache.kafka.streams.KafkaStreams streams, long upToMs) {
        try {
            org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, String> due = streams.store(
                    org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(DUE_STORE,
                            org.apache.kafka.streams.state.QueryableStoreTypes.keyValueStore()));
            try (var entries = due.range(FollowUpProcessor.DueKey.first(), FollowUpProcessor.DueKey.last(upToMs))) {
                return entries.hasNext();
            }
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return true;
        }
    }

    private static double commits(org.apache.kafka.streams.KafkaStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("commit-total")
                        && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** Every store of the follow-up part. */
    public static List<String> storeNames() {
        return List.of(FACTS_STORE, EVENT_FACTS_STORE, EMITTED_KPIS_STORE, ITEMS_STORE, DUE_STORE,
                KPI_CONTRIBUTION_STORE, KPI_STORE);
    }

    /**
     * Adds the follow-up processor and its outputs to {@code builder}, fed by {@code feed} (the patient record's
     * {@link TrackerOutput.Kind#ADMITTED_EVENT} and {@link TrackerOutput.Kind#PATIENT_ERASED} outputs).
     */
    public static void attach(StreamsBuilder builder, KStream<String, TrackerOutput> feed, RulesConfig config,
                              ValueSerdes serdes, TopologySettings settings) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FACTS_STORE),
                Serdes.String(), InternalSerde.released(FollowUpFacts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_FACTS_STORE),
                Serdes.String(), InternalSerde.released(FollowUpFact.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_KPIS_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ITEMS_STORE),
                Serdes.String(), InternalSerde.of(FollowUpItemState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE),
                Serdes.String(), Serdes.String()));
        KStream<String, FollowUpOutput> outputs = feed.process(() -> new FollowUpProcessor(config, settings),
                Named.as("follow-up"), FACTS_STORE, EVENT_FACTS_STORE, EMITTED_KPIS_STORE, ITEMS_STORE, DUE_STORE);
        Map<String, KStream<String, FollowUpOutput>> byKind = outputs.split(Named.as("follow-up-"))
                .branch((k, o) -> o.kind() == FollowUpOutput.Kind.REMINDER, Branched.as("reminder"))
                .branch((k, o) -> o.kind() == FollowUpOutput.Kind.STATUS, Branched.as("status"))
                .branch((k, o) -> o.kind() == FollowUpOutput.Kind.KPI_CONTRIBUTION, Branched.as("kpi"))
                .noDefaultBranch();
        sink(byKind.get("follow-up-reminder"), Topics.FOLLOW_UP_REMINDERS, serdes);
        sink(byKind.get("follow-up-status"), Topics.FOLLOW_UP_STATUS, serdes);

        Serde<KpiContribution> contributionSerde = InternalSerde.of(KpiContribution.class);
        byKind.get("follow-up-kpi")
                .mapValues(o -> (KpiContribution) o.value(), Named.as("kpi-contribution-value"))
                .toTable(Named.as("kpi-contribution-table"),
                        Materialized.<String, KpiContribution, KeyValueStore<Bytes, byte[]>>as(KPI_CONTRIBUTION_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(contributionSerde))
                .groupBy((key, c) -> KeyValue.pair(c.getReportingMonth() + "|" + c.getSourceSystem(), c),
                        Grouped.with("kpi-by-month-source", Serdes.String(), contributionSerde))
                .aggregate(KpiStatistics::empty, KpiStatistics::add, KpiStatistics::subtract,
                        Named.as("kpi-aggregate"),
                        Materialized.<String, KpiAggregate, KeyValueStore<Bytes, byte[]>>as(KPI_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalSerde.of(KpiAggregate.class)))
                .mapValues(KpiStatistics::toRow, Named.as("fls-kpi-row"))
                .toStream(Named.as("fls-kpi-stream"))
                .to(Topics.FLS_KPI.name(), Produced.with(Serdes.String(),
                        serdes.forType(Topics.FLS_KPI.valueType())).withName("sink-derived-fls-kpi"));
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> void sink(KStream<String, FollowUpOutput> stream, TopicSpec<T> topic,
                                                        ValueSerdes serdes) {
        String name = topic.name().replace("plo.", "").replace(".v1", "").replace('.', '-');
        stream.mapValues(o -> (T) o.value(), Named.as("value-" + name))
                .to(topic.name(), Produced.with(Serdes.String(), serdes.forType(topic.valueType()))
                        .withName("sink-" + name));
    }
}
