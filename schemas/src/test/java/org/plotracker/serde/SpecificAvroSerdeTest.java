package org.plotracker.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.serde.registry.InMemorySchemaRegistryClient;
import org.plotracker.serde.registry.MockSchemaRegistry;

class SpecificAvroSerdeTest {

    private static final String SCOPE = "serde-test";

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    static Iterable<TopicSpec<?>> topics() {
        return Topics.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyCatalogueSchemaRoundTripsThroughTheWireFormat(TopicSpec<?> topic) {
        roundTrip(topic);
    }

    private <T extends SpecificRecord> void roundTrip(TopicSpec<?> untyped) {
        @SuppressWarnings("unchecked")
        TopicSpec<T> topic = (TopicSpec<T>) untyped;
        RandomRecords random = new RandomRecords(topic.name().hashCode());
        try (SpecificAvroSerde<T> serde = AvroSerdes.valueSerde(topic, AvroSerdeConfig.mockRegistry(SCOPE))) {
            for (int i = 0; i < 25; i++) {
                T record = random.specific(topic.valueType());
                byte[] bytes = serde.serializer().serialize(topic.name(), record);

                assertThat(bytes[0]).as("magic byte").isZero();
                int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
                InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
                assertThat(registry.latest(topic.valueSubject()).id()).isEqualTo(id);
                assertThat(registry.schemaById(id)).isEqualTo(record.getSchema());
                assertThat(serde.deserializer().deserialize(topic.name(), bytes)).isEqualTo(record);
            }
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, AvroSerdeConfig.mockRegistry(SCOPE))) {
            assertThat(serde.serializer().serialize(Topics.DELIVERY.name(), null)).isNull();
            assertThat(serde.deserializer().deserialize(Topics.DELIVERY.name(), null)).isNull();
        }
        assertThat(MockSchemaRegistry.clientForScope(SCOPE).subjects()).isEmpty();
    }

    @Test
    void keySerdeUsesTheKeySubject() {
        DeliveryRecorded record = new RandomRecords(1).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.forClass(DeliveryRecorded.class, AvroSerdeConfig.mockRegistry(SCOPE), true)) {
            byte[] bytes = serde.serializer().serialize("some-topic", record);
            assertThat(serde.deserializer().deserialize("some-topic", bytes)).isEqualTo(record);
        }
        assertThat(MockSchemaRegistry.clientForScope(SCOPE).subjects()).containsExactly("some-topic-key");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsRefusedNamingTheSubjectAndTheFix() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        DeliveryRecorded record = new RandomRecords(2).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, config)) {
            assertThatThrownBy(() -> serde.serializer().serialize(Topics.DELIVERY.name(), record))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'plo.events.delivery.v1-value'")
                    .hasMessageContaining("auto.register.schemas")
                    .hasMessageContaining("POST /subjects/plo.events.delivery.v1-value/versions");
        }
    }

    @Test
    void withoutAutoRegisterARegisteredSchemaIsFoundAndNothingIsRegistered() {
        InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
        int id = registry.register(Topics.DELIVERY.valueSubject(), DeliveryRecorded.getClassSchema());
        DeliveryRecorded record = new RandomRecords(3).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY,
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE, "auto.register.schemas", "false"))) {
            byte[] bytes = serde.serializer().serialize(Topics.DELIVERY.name(), record);
            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
            assertThat(serde.deserializer().deserialize(Topics.DELIVERY.name(), bytes)).isEqualTo(record);
        }
        assertThat(registry.versions(Topics.DELIVERY.valueSubject())).containsExactly(1);
    }

    @Test
    void autoRegisterRefusedByCompatibilityNamesTheSubject() {
        InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
        // A registered schema the generated class cannot be backward compatible with (required field, no default).
        Schema other = SchemaBuilder.record("DeliveryRecorded").namespace("org.plotracker.contracts.events")
                .fields().requiredString("somethingElse").endRecord();
        registry.register(Topics.DELIVERY.valueSubject(), other);
        DeliveryRecorded record = new RandomRecords(4).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, AvroSerdeConfig.mockRegistry(SCOPE))) {
            assertThatThrownBy(() -> serde.serializer().serialize(Topics.DELIVERY.name(), record))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'plo.events.delivery.v1-value'")
                    .hasMessageContaining("compatibility");
        }
    }

    @Test
    void useLatestVersionWritesWithTheLatestRegisteredSchemaId() {
        InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
        int id = registry.register(Topics.DELIVERY.valueSubject(), DeliveryRecorded.getClassSchema());
        Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
        DeliveryRecorded record = new RandomRecords(5).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, config)) {
            byte[] bytes = serde.serializer().serialize(Topics.DELIVERY.name(), record);
            assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(id);
            assertThat(serde.deserializer().deserialize(Topics.DELIVERY.name(), bytes)).isEqualTo(record);
        }
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
        MockSchemaRegistry.clientForScope(SCOPE).register(Topics.DELIVERY.valueSubject(),
                FractureDiagnosed.getClassSchema());
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                AvroSerdeConfig.USE_LATEST_VERSION, "true");
        DeliveryRecorded record = new RandomRecords(6).specific(DeliveryRecorded.class);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, config)) {
            assertThatThrownBy(() -> serde.serializer().serialize(Topics.DELIVERY.name(), record))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("latest schema of subject 'plo.events.delivery.v1-value'");
        }
    }

    @Test
    void deserializerWithoutReaderClassPicksTheGeneratedClassByWriterName() {
        DeliveryRecorded record = new RandomRecords(7).specific(DeliveryRecorded.class);
        Map<String, Object> config = AvroSerdeConfig.mockRegistry(SCOPE);
        try (var serializer = new SpecificAvroSerializer<DeliveryRecorded>();
                var deserializer = new SpecificAvroDeserializer<SpecificRecord>()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            byte[] bytes = serializer.serialize("t", record);
            assertThat(deserializer.deserialize("t", bytes)).isInstanceOf(DeliveryRecorded.class).isEqualTo(record);
        }
    }

    @Test
    void aRecordMissingARequiredFieldFailsWithTheTopicAndField() {
        DeliveryRecorded record = new RandomRecords(8).specific(DeliveryRecorded.class);
        record.put("eventId", null);
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, AvroSerdeConfig.mockRegistry(SCOPE))) {
            assertThatThrownBy(() -> serde.serializer().serialize(Topics.DELIVERY.name(), record))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("plo.events.delivery.v1")
                    .hasMessageContaining("eventId");
        }
    }

    @Test
    void oneSerdeIsSafeToShareBetweenThreads() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (var serde = AvroSerdes.valueSerde(Topics.DXA_SCAN, AvroSerdeConfig.mockRegistry(SCOPE))) {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    RandomRecords random = new RandomRecords(seed);
                    int checked = 0;
                    for (int i = 0; i < 300; i++) {
                        var record = random.specific(org.plotracker.contracts.events.DxaScanRecorded.class);
                        byte[] bytes = serde.serializer().serialize(Topics.DXA_SCAN.name(), record);
                        assertThat(serde.deserializer().deserialize(Topics.DXA_SCAN.name(), bytes)).isEqualTo(record);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (var result : results) {
                assertThat(result.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(MockSchemaRegistry.clientForScope(SCOPE).versions(Topics.DXA_SCAN.valueSubject())).containsExactly(1);
    }
}
