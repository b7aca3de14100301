package org.plotracker.serde.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.RandomRecords;
import org.plotracker.serde.registry.InMemorySchemaRegistryClient;
import org.plotracker.serde.registry.MockSchemaRegistry;

/** Registering the released files lets production-style serdes (auto-register off) write every catalogue topic. */
class ReleasedSchemasRegistrationTest {

    private static final String SCOPE = "released-registration-test";

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void registerAllIsIdempotentAndSetsBackwardTransitive() {
        InMemorySchemaRegistryClient registry = MockSchemaRegistry.clientForScope(SCOPE);
        Map<String, List<Integer>> first = ReleasedSchemas.registerAll(registry);
        assertThat(first).hasSize(Topics.all().size());
        assertThat(ReleasedSchemas.registerAll(registry)).isEqualTo(first);
        assertThat(registry.compatibility(Topics.DXA_SCAN.valueSubject())).isEqualTo("BACKWARD_TRANSITIVE");
    }

    @Test
    void everyTopicSerializesWithoutAutoRegistrationOnceTheReleasedSchemasAreRegistered() {
        ReleasedSchemas.registerAll(MockSchemaRegistry.clientForScope(SCOPE));
        Map<String, Object> production = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        for (TopicSpec<?> topic : Topics.all()) {
            roundTrip(topic, production);
        }
    }

    private static <T extends SpecificRecord> void roundTrip(TopicSpec<?> untyped, Map<String, Object> config) {
        @SuppressWarnings("unchecked")
        TopicSpec<T> topic = (TopicSpec<T>) untyped;
        T record = new RandomRecords(topic.name().hashCode()).specific(topic.valueType());
        try (var serde = AvroSerdes.valueSerde(topic, config)) {
            byte[] bytes;
            try {
                bytes = serde.serializer().serialize(topic.name(), record);
            } catch (SerializationException e) {
                String name = record.getSchema().getName();
                throw new AssertionError("The current " + name + " schema is not among its released versions, so a "
                        + "production serde cannot write it. If you changed " + name + ".avsc compatibly, release it: "
                        + "add the next released/" + name + "/vN.avsc (see schemas/README.md).", e);
            }
            assertThat(serde.deserializer().deserialize(topic.name(), bytes)).as(topic.name()).isEqualTo(record);
        }
    }
}
