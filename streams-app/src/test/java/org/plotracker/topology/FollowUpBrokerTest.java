package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.FollowUpReminder;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.FlsKpi;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.KpiFraction;
import org.plotracker.contracts.derived.OpenFollowUpItem;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.internal.FollowUpFacts;
import org.plotracker.followup.FollowUpTopology;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * Follow-up on the real in-JVM broker with exactly_once_v2: the six source cases, published one after the other in
 * the order they were recorded and judged as of 2025-06-30, give the worklist and KPI rows the demo shows, and the
 * same reminders as a TopologyTestDriver replay of the same events (live processing and replay agree).
 */
@Tag("integration")
class FollowUpBrokerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final String SCOPE = "follow-up-broker";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Instant AS_OF = Instant.parse("2025-06-30T00:00:00Z");
    /**
     * The clock stays on recorded time while the events are published (each task idle for less than 15 s), then
     * follows the wall clock, capped at the as-of date.
     */
    private static final TopologySettings SETTINGS = TopologySettings.defaults().asOf(AS_OF)
            .idleAfter(Duration.ofSeconds(15));

    @AfterAll
    static void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @SuppressWarnings("unchecked")
    private static void send(KafkaProducer<String, byte[]> producer, SpecificRecord event,
                             Map<String, Object> serdeConfig) throws Exception {
        TopicSpec<?> topic = Topics.INPUTS.stream().filter(t -> t.valueType().isInstance(event)).findFirst()
                .orElseThrow();
        Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>) (Serializer<?>) AvroSerdes
                .forClass(event.getClass().asSubclass(SpecificRecord.class), serdeConfig).serializer();
        producer.send(new ProducerRecord<>(topic.name(), ClinicalEvent.patientId(event),
                serializer.serialize(topic.name(), event))).get();
    }

    private static <T extends SpecificRecord> List<Map.Entry<String, T>> read(TopicSpec<T> topic,
                                                                              Map<String, Object> serdeConfig) {
        Deserializer<T> deserializer = AvroSerdes.forClass(topic.valueType(), serdeConfig).deserializer();
        List<Map.Entry<String, T>> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : STACK.consumeAll(topic.name(), TIMEOUT, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            out.add(new java.util.AbstractMap.SimpleEntry<>(r.key(),
                    r.value() == null ? null : deserializer.deserialize(topic.name(), r.value())));
        }
        return out;
    }

    private static <T> Map<String, T> latest(List<Map.Entry<String, T>> records) {
        Map<String, T> latest = new LinkedHashMap<>();
        records.forEach(e -> latest.put(e.getKey(), e.getValue()));
        return latest;
    }

    private static Map<String, FollowUpReminder> latestPerReminder(List<FollowUpReminder> reminders) {
        Map<String, FollowUpReminder> latest = new LinkedHashMap<>();
        reminders.forEach(r -> latest.put(r.getReminderId(), r));
        return latest;
    }

    /** Follow-up facts held by this instance (0 while the store cannot be queried, e.g. during a rebalance). */
    private static long factsStored(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, FollowUpFacts> store = streams.store(StoreQueryParameters.fromNameAndType(
                    FollowUpTopology.FACTS_STORE, QueryableStoreTypes.keyValueStore()));
            long n = 0;
            try (var all = store.all()) {
                while (all.hasNext()) {
                    n += all.next().value.getFacts().size();
                }
            }
            return n;
        } catch (InvalidStateStoreException e) {
            return 0;
        }
    }

    @Test
    void theSourceCasesAsOfAStatedDateGiveTheWorklistKpisAndTheRemindersOfAReplay() throws Exception {
        Map<String, Object> serdeConfig = AvroSerdeConfig.mockRegistry(SCOPE);
        Properties props = TrackerStreamsConfig.defaults();
        props.putAll(STACK.streamsProperties(EmbeddedStackExtension.uniqueName("tracker-follow-up")));
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, TrackerStreamsConfig.RECOMMENDED_MAX_TASK_IDLE_MS);
        List<FollowUpReminder> live;
        try (KafkaStreams streams = new KafkaStreams(TrackerTopology.build(RulesConfig.defaults(), serdeConfig,
                SETTINGS), props)) {
            streams.start();
            org.plotracker.testsupport.Conditions.waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING,
                    TIMEOUT, "streams running");
            // live: the clinic publishes each event when it is recorded, one after the other
            Map<String, Object> producerProps = new HashMap<>(STACK.producerProperties());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (SpecificRecord event : SourceCases.events()) {
                    send(producer, event, serdeConfig);
                }
            }
            long facts = SourceCases.events().stream().filter(e -> !(e instanceof PregnancyConfirmed)).count();
            org.plotracker.testsupport.Conditions.waitUntil(() -> factsStored(streams) == facts, TIMEOUT,
                    "the follow-up facts of every source event stored");
            assertThat(FollowUpTopology.awaitDueHandled(streams, AS_OF.toEpochMilli(), TIMEOUT)).isTrue();
            live = read(Topics.FOLLOW_UP_REMINDERS, serdeConfig).stream().map(Map.Entry::getValue).toList();

            Map<String, FollowUpStatus> status = latest(read(Topics.FOLLOW_UP_STATUS, serdeConfig));
            List<String> open = new ArrayList<>();
            status.values().stream().filter(s -> s != null).forEach(s -> s.getOpenItems().forEach(i -> open.add(
                    s.getPatientId() + " " + i.getItemId() + " due " + i.getDueDate())));
            assertThat(open).containsExactlyInAnyOrder(
                    "PLO-SRC-01 MONITORING_DXA@2023-12-12 due 2024-12-12",
                    "PLO-SRC-02 MONITORING_DXA@2023-10-27 due 2024-10-27",
                    "PLO-SRC-03 MONITORING_DXA@2024-02-27 due 2025-02-27",
                    "PLO-SRC-04 MONITORING_DXA@2025-05-26 due 2026-05-26");
            assertThat(status).as("cases 5 and 6 have nothing open: their rows are tombstones")
                    .containsEntry("PLO-SRC-05", null).containsEntry("PLO-SRC-06", null);
            assertThat(status.get("PLO-SRC-01").getOpenItems()).extracting(OpenFollowUpItem::getRemindersSent)
                    .containsExactly(4);

            FlsKpi april = latest(read(Topics.FLS_KPI, serdeConfig)).get("2023-04|" + SourceCases.SOURCE_SYSTEM);
            assertThat(april.getDxaWithin12Weeks()).isEqualTo(new KpiFraction(2, 2));
            assertThat(april.getTreatmentDecisionWithin16Weeks()).isEqualTo(new KpiFraction(2, 2));
            assertThat(april.getOnTreatmentAt52Weeks()).as("cases 1 and 2 stopped after 8 and 6 months (Table 1)")
                    .isEqualTo(new KpiFraction(0, 2));
        }

        try (TrackerDriver replay = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE + "-ttd"),
                TestSerdes.validator(), SETTINGS, new Properties(), Instant.parse("2026-01-01T00:00:00Z"))) {
            SourceCases.events().forEach(replay::pipe);
            replay.advanceWallClock(SETTINGS.idleAfter().plusSeconds(5));
            List<FollowUpReminder> replayed = replay.followUpReminders();
            assertThat(live).isNotEmpty();
            assertThat(latestPerReminder(live)).isEqualTo(latestPerReminder(replayed));
            assertThat(live).hasSameSizeAs(replayed);
        } finally {
            MockSchemaRegistry.dropScope(SCOPE + "-ttd");
        }
    }
}
