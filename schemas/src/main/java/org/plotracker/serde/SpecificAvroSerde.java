package org.plotracker.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.plotracker.serde.registry.SchemaRegistryClient;
import org.plotracker.serde.registry.SchemaRegistryClients;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka {@link Serde}, configured with the
 * same map (see {@link AvroSerdeConfig}). Build one with {@link AvroSerdes}.
 *
 * @param <T> generated SpecificRecord class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedClient;
    private boolean clientGiven;

    /** For Kafka's reflective construction ({@code default.value.serde}): reader class by writer schema name. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** Reads into {@code readerClass}; the registry client comes from the config. */
    public SpecificAvroSerde(Class<T> readerClass) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(readerClass);
    }

    /** Reads into {@code readerClass} through the given client. */
    public SpecificAvroSerde(SchemaRegistryClient client, Class<T> readerClass) {
        this.serializer = new SpecificAvroSerializer<>(client);
        this.deserializer = new SpecificAvroDeserializer<>(client, readerClass);
        this.clientGiven = true;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (!clientGiven && ownedClient == null) {
            // One client (and one set of caches) for both directions.
            ownedClient = SchemaRegistryClients.fromConfig(configs);
            serializer.useClient(ownedClient);
            deserializer.useClient(ownedClient);
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}
