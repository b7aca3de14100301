package org.plotracker.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.serde.registry.SchemaRegistryClient;

/**
 * Ready-configured Avro serdes for the topic catalogue. Typical use:
 * <pre>{@code
 * Map<String, Object> config = Map.of("schema.registry.url", "http://registry:8081");
 * Serde<DeliveryRecorded> deliveries = AvroSerdes.valueSerde(Topics.DELIVERY, config);
 * }</pre>
 * In tests, {@code AvroSerdeConfig.mockRegistry("my-test")} gives a config for a shared in-memory registry.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** A value serde for a catalogue topic (subject {@code <topic>-value}), configured with {@code config}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(TopicSpec<T> topic,
            Map<String, ?> config) {
        return forClass(topic.valueType(), config, false);
    }

    /** A value serde for a catalogue topic using an existing registry client (shares its caches). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(TopicSpec<T> topic,
            SchemaRegistryClient client, Map<String, ?> config) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client, topic.valueType());
        serde.configure(config, false);
        return serde;
    }

    /** A value serde for a generated class. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forClass(Class<T> type, Map<String, ?> config) {
        return forClass(type, config, false);
    }

    /** A key ({@code isKey=true}, subject {@code <topic>-key}) or value serde for a generated class. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forClass(Class<T> type, Map<String, ?> config,
            boolean isKey) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }
}
