package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.Topics;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The dead-letter wiring of {@link TrackerStreamsConfig} on the real in-JVM broker with exactly_once_v2: undecodable
 * bytes and an invalid event reach {@code plo.dlq.v1} (read_committed) with their reasons, and the app keeps
 * processing the valid events around them.
 */
class TrackerDeadLetterBrokerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final String SCOPE = "tracker-dlq-broker";
    private static final String P = "PAT-DLQ-1";

    @AfterAll
    static void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static byte[] encode(SpecificRecord event, String topic, Map<String, Object> serdeConfig) {
        Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>) (Serializer<?>) AvroSerdes
                .forClass(event.getClass().asSubclass(SpecificRecord.class), serdeConfig).serializer();
        return serializer.serialize(topic, event);
    }

    @Test
    void undecodableAndInvalidRecordsReachTheDeadLetterTopicUnderExactlyOnce() throws Exception {
        Map<String, Object> serdeConfig = AvroSerdeConfig.mockRegistry(SCOPE);
        Properties props = TrackerStreamsConfig.defaults();
        props.putAll(STACK.streamsProperties(EmbeddedStackExtension.uniqueName("tracker-dlq")));
        props.put("processing.guarantee", "exactly_once_v2");
        try (KafkaStreams streams = new KafkaStreams(TrackerTopology.build(RulesConfig.defaults(), serdeConfig),
                props)) {
            streams.start();
            Map<String, Object> producerProps = new HashMap<>(STACK.producerProperties());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new ByteArraySerializer())) {
                send(producer, Topics.DELIVERY.name(), TestEvents.delivery(P, "d1", "2024-01-10"), serdeConfig);
                producer.send(new ProducerRecord<>(Topics.DXA_SCAN.name(), P, "not avro".getBytes(
                        StandardCharsets.UTF_8))).get();
                send(producer, Topics.DXA_SCAN.name(), TestEvents.spineScan(P, "bad-z", "2024-03-12",
                        TestEvents.HOLOGIC_A, 0.8, -9.5), serdeConfig);
                send(producer, Topics.FRACTURE.name(), TestEvents.fracture(P, "f1", "2024-03-10",
                        org.plotracker.contracts.common.Vertebra.L1), serdeConfig);
            }

            List<ConsumerRecord<String, byte[]>> dlq = STACK.consumeAtLeast(Topics.DEAD_LETTER, 2,
                    Duration.ofSeconds(60), new StringDeserializer(), new ByteArrayDeserializer());
            assertThat(dlq).extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactlyInAnyOrder("UNDECODABLE", "INVALID_EVENT");
            assertThat(dlq).allSatisfy(r -> assertThat(r.key()).isEqualTo(P));
            ConsumerRecord<String, byte[]> undecodable = dlq.stream()
                    .filter(r -> "UNDECODABLE".equals(header(r, DeadLetterHeaders.REASON))).findFirst().orElseThrow();
            assertThat(new String(undecodable.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(header(undecodable, "__streams.errors.topic")).isEqualTo(Topics.DXA_SCAN.name());

            List<ConsumerRecord<String, byte[]>> timelines = STACK.consumeAtLeast(Topics.PATIENT_TIMELINE.name(), 2,
                    Duration.ofSeconds(60), new StringDeserializer(), new ByteArrayDeserializer());
            assertThat(timelines).allSatisfy(r -> assertThat(r.key()).isEqualTo(P));
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, SpecificRecord event,
                             Map<String, Object> serdeConfig) throws Exception {
        producer.send(new ProducerRecord<>(topic, P, encode(event, topic, serdeConfig))).get();
    }
}
