package org.plotracker.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.plotracker.serde.registry.RegisteredSchema;
import org.plotracker.serde.registry.SchemaRegistryClient;
import org.plotracker.serde.registry.SchemaRegistryClients;
import org.plotracker.serde.registry.SchemaRegistryException;

/**
 * Writes generated Avro records in the Confluent wire format ({@link ConfluentWireFormat}). The schema id comes from
 * the registry under the TopicNameStrategy subject ({@code <topic>-value}, or {@code <topic>-key} for keys):
 * <ul>
 *   <li>default: look the record's schema up under the subject; it must already be registered;</li>
 *   <li>{@code auto.register.schemas=true}: register it (the registry applies the subject's compatibility level);</li>
 *   <li>{@code use.latest.version=true}: write with the subject's latest schema, converting the record to it.</li>
 * </ul>
 * A null record is written as null (a tombstone). Failures raise {@link SerializationException} naming the topic,
 * subject and what to do.
 *
 * @param <T> generated SpecificRecord class
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private AvroSerdeConfig settings;
    private final ConcurrentMap<Schema, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private volatile LatestComparison lastComparison;

    /** For Kafka's reflective construction; {@link #configure(Map, boolean)} creates the registry client. */
    public SpecificAvroSerializer() {
    }

    /** With a given registry client (still call {@link #configure(Map, boolean)} for the serde settings). */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.settings = AvroSerdeConfig.from(configs);
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(configs);
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        if (client == null || settings == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(); set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " and call configure");
        }
        String subject = topic + (isKey ? "-key" : "-value");
        Schema schema = data.getSchema();
        if (settings.useLatestVersion()) {
            return serializeWithLatest(topic, subject, data);
        }
        // Not computeIfAbsent: the registry call may take retries long and must not hold a map lock meanwhile.
        Integer id = idsBySchema.get(schema);
        if (id == null) {
            id = schemaId(topic, subject, schema);
            idsBySchema.putIfAbsent(schema, id);
        }
        return write(topic, id, writerFor(schema, data), data);
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            if (settings.autoRegisterSchemas()) {
                return client.register(subject, schema);
            }
            return client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("Cannot serialize " + schema.getName() + " to topic '" + topic
                        + "': its schema is not registered under subject '" + subject + "' ("
                        + e.registryMessage() + "). " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false: register "
                        + "the schema first (POST /subjects/" + subject + "/versions, or the producer CLI's schema "
                        + "registration), or set " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=true (development), or "
                        + AvroSerdeConfig.USE_LATEST_VERSION + "=true to write with the latest registered version.", e);
            }
            if (e.errorCode() == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
                throw new SerializationException("Cannot serialize " + schema.getName() + " to topic '" + topic
                        + "': the registry refused to register its schema under subject '" + subject
                        + "' because it breaks the subject's compatibility level: " + e.registryMessage(), e);
            }
            throw new SerializationException("Cannot serialize " + schema.getName() + " to topic '" + topic
                    + "': schema registry error for subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    private byte[] serializeWithLatest(String topic, String subject, T data) {
        RegisteredSchema latest;
        try {
            latest = client.latest(subject);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize " + data.getSchema().getName() + " to topic '" + topic
                    + "': " + AvroSerdeConfig.USE_LATEST_VERSION + "=true but the latest version of subject '"
                    + subject + "' is not available: " + e.getMessage(), e);
        }
        Schema own = data.getSchema();
        if (isSameSchema(latest, own)) {
            return write(topic, latest.id(), writerFor(own, data), data);
        }
        if (settings.latestCompatibilityStrict()) {
            var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), own);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SerializationException("Cannot serialize " + own.getName() + " to topic '" + topic
                        + "': the latest schema of subject '" + subject + "' (version " + latest.version() + ", id "
                        + latest.id() + ") cannot represent this record: " + compatibility.getDescription());
            }
        }
        // Re-encode the record under the latest schema through Avro's schema resolution (fields by name, defaults).
        byte[] ownBody = body(topic, writerFor(own, data), data);
        try {
            GenericRecord converted = new GenericDatumReader<GenericRecord>(own, latest.schema())
                    .read(null, DecoderFactory.get().binaryDecoder(ownBody, null));
            return write(topic, latest.id(), new GenericDatumWriter<>(latest.schema()), converted);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize " + own.getName() + " to topic '" + topic
                    + "' with the latest schema of subject '" + subject + "' (id " + latest.id() + "): "
                    + e.getMessage(), e);
        }
    }

    /** Compares deeply once per (latest version, record schema) pair; the caching client returns the same instance. */
    private boolean isSameSchema(RegisteredSchema latest, Schema own) {
        LatestComparison last = lastComparison;
        if (last != null && last.latest() == latest && last.own() == own) {
            return last.same();
        }
        boolean same = latest.schema().equals(own);
        lastComparison = new LatestComparison(latest, own, same);
        return same;
    }

    private record LatestComparison(RegisteredSchema latest, Schema own, boolean same) {
    }

    private DatumWriter<Object> writerFor(Schema schema, SpecificRecord data) {
        return writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
    }

    private byte[] write(String topic, int schemaId, DatumWriter<Object> writer, Object data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ConfluentWireFormat.header(schemaId));
        encode(topic, writer, data, out);
        return out.toByteArray();
    }

    private byte[] body(String topic, DatumWriter<Object> writer, Object data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encode(topic, writer, data, out);
        return out.toByteArray();
    }

    private static void encode(String topic, DatumWriter<Object> writer, Object data, ByteArrayOutputStream out) {
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // Avro reports e.g. "null value for (non-nullable) string at DeliveryRecorded.eventId".
            String record = data instanceof org.apache.avro.generic.GenericContainer c ? c.getSchema().getName()
                    : data.getClass().getSimpleName();
            throw new SerializationException("Cannot serialize " + record + " to topic '" + topic + "': "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Hands in a client owned by someone else (the serde), unless one is already set. */
    void useClient(SchemaRegistryClient shared) {
        if (client == null) {
            client = shared;
            ownsClient = false;
        }
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
