package org.plotracker.infrastructure.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.SpecificAvroSerde;
import org.plotracker.serde.registry.RestSchemaRegistryClient;
import org.plotracker.serde.registry.SchemaRegistryException;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The project's own REST client and Confluent-wire-format serde, talking to the embedded registry, with records going
 * through the real broker: the two halves of the Confluent protocol agree.
 */
class SerdeAgainstEmbeddedRegistryTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();

    @Test
    void everyCatalogueSchemaRegistersAndResolvesThroughTheRestClient() throws Exception {
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, STACK.schemaRegistryUrl()))) {
            for (TopicSpec<?> topic : Topics.all()) {
                Schema schema = (Schema) topic.valueType().getMethod("getClassSchema").invoke(null);
                String subject = EmbeddedStackExtension.uniqueName("serde") + "-" + topic.valueSubject();

                int id = client.register(subject, schema);

                assertThat(client.register(subject, schema)).as(subject).isEqualTo(id);
                assertThat(client.schemaById(id)).as(subject).isEqualTo(schema);
                assertThat(client.lookup(subject, schema).id()).isEqualTo(id);
                assertThat(client.latest(subject).version()).isEqualTo(1);
                assertThat(client.versions(subject)).containsExactly(1);
                assertThat(client.subjects()).contains(subject);
                assertThat(client.testCompatibility(subject, schema)).isTrue();
                assertThat(client.compatibility(subject)).as("every catalogue subject is BACKWARD_TRANSITIVE (README)")
                        .isEqualTo("BACKWARD_TRANSITIVE");
            }
        }
    }

    @Test
    void clientSeesTheRegistrysErrorCodes() throws Exception {
        String subject = EmbeddedStackExtension.uniqueName("serde-errors") + "-value";
        try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, STACK.schemaRegistryUrl()))) {
            assertThatThrownBy(() -> client.latest(subject)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(40401));
            assertThatThrownBy(() -> client.schemaById(999_999)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(40403));

            Schema v1 = new Schema.Parser().parse(
                    "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
            Schema notBackward = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                    + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
            client.register(subject, v1);
            assertThat(client.testCompatibility(subject, notBackward)).isFalse();
            assertThatThrownBy(() -> client.register(subject, notBackward))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(409));
        }
    }

    @Test
    void sourceCasesRoundTripThroughSerdeRegistryAndBroker() {
        Map<Class<?>, String> topicByType = new HashMap<>();
        for (TopicSpec<?> input : Topics.INPUTS) {
            topicByType.put(input.valueType(), STACK.createTopic(EmbeddedStackExtension.uniqueName(input.name()), 1));
        }
        Map<String, Object> serdeConfig = new LinkedHashMap<>();
        serdeConfig.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, STACK.schemaRegistryUrl());
        serdeConfig.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        List<SpecificRecord> events = SourceCases.events();

        Map<String, Integer> sentPerTopic = new HashMap<>();
        try (SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>()) {
            serde.configure(serdeConfig, false);
            try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(STACK.producerProperties(),
                    new StringSerializer(), serde.serializer())) {
                for (SpecificRecord event : events) {
                    String topic = topicByType.get(event.getClass());
                    String patient = String.valueOf(event.get(event.getSchema().getField("patientId").pos()));
                    producer.send(new ProducerRecord<>(topic, patient, event));
                    sentPerTopic.merge(topic, 1, Integer::sum);
                }
                producer.flush();
            }

            List<SpecificRecord> received = new ArrayList<>();
            for (Map.Entry<String, Integer> sent : sentPerTopic.entrySet()) {
                List<ConsumerRecord<String, byte[]>> raw = STACK.consumeAtLeast(sent.getKey(), sent.getValue(),
                        Duration.ofSeconds(30), new StringDeserializer(), new ByteArrayDeserializer());
                for (ConsumerRecord<String, byte[]> record : raw) {
                    // Confluent wire format: magic byte 0, then the id the embedded registry gave the subject.
                    ByteBuffer bytes = ByteBuffer.wrap(record.value());
                    assertThat(bytes.get()).isEqualTo((byte) 0);
                    int id = bytes.getInt();
                    RegistryHttp http = new RegistryHttp(STACK.schemaRegistryUrl());
                    assertThat(http.get("/subjects/" + record.topic() + "-value/versions/latest").json().get("id")
                            .asInt()).isEqualTo(id);
                    received.add(serde.deserializer().deserialize(record.topic(), record.value()));
                }
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(events);
        }
        // Every value subject exists under TopicNameStrategy.
        RegistryHttp http = new RegistryHttp(STACK.schemaRegistryUrl());
        for (String topic : sentPerTopic.keySet()) {
            assertThat(http.get("/subjects/" + topic + "-value/versions").status()).isEqualTo(200);
        }
    }
}
