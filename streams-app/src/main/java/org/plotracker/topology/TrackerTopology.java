package org.plotracker.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.internal.CohortAggregate;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;

/**
 * The tracker topology: the five clinical event topics and the erasure topic (co-partitioned, key = patient id) merge
 * into one per-patient processor with a changelogged RocksDB store; its outputs are routed to the alert and derived
 * topics, and the per-patient cohort contributions are aggregated by {@code <site>|<treatmentGroup>} with an
 * adder/subtractor (so retractions are exact).
 *
 * <p>Used by the app and by the tests: {@code TrackerTopology.build(rulesConfig, serdeConfig)} with the registry
 * serde configuration (e.g. {@code AvroSerdeConfig.mockRegistry("test")} in tests).
 */
public final class TrackerTopology {

    /** The per-patient record store (RocksDB, changelogged). */
    public static final String PATIENT_STORE = "patient-records";
    /** Each patient's current cohort contribution per site, key {@code <patientId>|<site>}. */
    public static final String CONTRIBUTION_STORE = "cohort-contributions";
    /** Running sums per {@code <site>|<treatmentGroup>}: no patient data. */
    public static final String COHORT_STORE = "cohort-aggregates";

    private TrackerTopology() {
    }

    /**
     * Builds the topology with the Confluent-wire Avro serdes configured by {@code serdeConfig} and the shared event
     * validator with its default limits.
     */
    public static Topology build(RulesConfig config, Map<String, Object> serdeConfig) {
        return build(config, ValueSerdes.fromConfig(serdeConfig), EventScreen.defaults());
    }

    /**
     * Builds the topology.
     *
     * @param config the clinical rules configuration
     * @param serdes value serdes of the contract types (schema-registry backed)
     * @param screen validation of impossible values; problems send the event to the dead-letter topic
     */
    public static Topology build(RulesConfig config, ValueSerdes serdes, EventScreen screen) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(serdes, "serdes");
        Objects.requireNonNull(screen, "screen");
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_STORE),
                Serdes.String(), InternalSerde.of(PatientState.class)));

        KStream<String, Object> inputs = null;
        for (TopicSpec<?> topic : Topics.INPUTS) {
            KStream<String, Object> stream = source(builder, topic, serdes);
            inputs = inputs == null ? stream : inputs.merge(stream, Named.as("merge-" + shortName(topic)));
        }
        OutputPlanner planner = new OutputPlanner(new ClinicalRules(config));
        KStream<String, TrackerOutput> outputs = inputs.process(() -> new PatientProcessor(planner, screen),
                Named.as("patient-record"), PATIENT_STORE);

        Map<String, KStream<String, TrackerOutput>> byKind = outputs.split(Named.as("output-"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.BMD_CHANGE_ALERT, Branched.as("bmd-change-alert"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.RECURRENCE_RISK_ALERT,
                        Branched.as("recurrence-risk-alert"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.PATIENT_TIMELINE, Branched.as("patient-timeline"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.BMD_CHANGE, Branched.as("bmd-change"))
                .branch((k, o) -> o.kind() == TrackerOutput.Kind.COHORT_CONTRIBUTION,
                        Branched.as("cohort-contribution"))
                .noDefaultBranch();

        sink(byKind.get("output-bmd-change-alert"), Topics.BMD_CHANGE_ALERTS, serdes);
        sink(byKind.get("output-recurrence-risk-alert"), Topics.RECURRENCE_RISK_ALERTS, serdes);
        sink(byKind.get("output-patient-timeline"), Topics.PATIENT_TIMELINE, serdes);
        sink(byKind.get("output-bmd-change"), Topics.BMD_CHANGE, serdes);

        Serde<CohortContribution> contributionSerde = InternalSerde.of(CohortContribution.class);
        Serde<CohortAggregate> aggregateSerde = InternalSerde.of(CohortAggregate.class);
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

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> KStream<String, Object> source(StreamsBuilder builder,
                                                                          TopicSpec<?> topic, ValueSerdes serdes) {
        TopicSpec<T> typed = (TopicSpec<T>) topic;
        KStream<String, T> stream = builder.stream(typed.name(), Consumed.with(Serdes.String(),
                serdes.forType(typed.valueType())).withName("source-" + shortName(topic)));
        return (KStream<String, Object>) (KStream<String, ?>) stream;
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

    /** Every store name of the topology (for the docs and for tests). */
    public static List<String> storeNames() {
        return new ArrayList<>(List.of(PATIENT_STORE, CONTRIBUTION_STORE, COHORT_STORE));
    }
}
