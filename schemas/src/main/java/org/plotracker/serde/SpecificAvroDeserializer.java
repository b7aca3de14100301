package org.plotracker.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.plotracker.serde.AvroDeserializationException.Problem;
import org.plotracker.serde.registry.SchemaRegistryClient;
import org.plotracker.serde.registry.SchemaRegistryClients;
import org.plotracker.serde.registry.SchemaRegistryException;

/**
 * Reads values in the Confluent wire format into generated Avro classes: the writer schema is fetched from the
 * registry by the id in the header (and cached), then resolved to the reader class with Avro's schema resolution, so
 * data written with an older (or newer, compatible) schema reads into the current class. Null bytes give null
 * (tombstones). Anything else that is wrong raises {@link AvroDeserializationException} (a Kafka
 * {@code SerializationException}) naming the topic, the schema id and the problem; never an NPE or a bare Avro error.
 *
 * <p>Without a reader class, the class is chosen by the writer schema's full name (as Confluent's
 * {@code specific.avro.reader=true} does).
 *
 * @param <T> generated SpecificRecord class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private final Class<T> readerClass;
    private final ConcurrentMap<Integer, Resolution<T>> resolutions = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction: reader class by writer schema name, client from the config. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Reads into {@code readerClass}; the client comes from the config. */
    public SpecificAvroDeserializer(Class<T> readerClass) {
        this(null, readerClass);
    }

    /** Reads into {@code readerClass} (null: by writer schema name) through the given client. */
    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
        this.client = client;
        this.readerClass = readerClass;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(configs);
            ownsClient = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(); set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " and call configure");
        }
        if (data.length < ConfluentWireFormat.HEADER_LENGTH) {
            throw failure(topic, null, Problem.TOO_SHORT, data.length + " byte(s); the Confluent wire format needs at "
                    + "least " + ConfluentWireFormat.HEADER_LENGTH + " (magic byte 0 + 4-byte schema id)", null);
        }
        if (data[0] != ConfluentWireFormat.MAGIC_BYTE) {
            throw failure(topic, null, Problem.WRONG_MAGIC_BYTE, String.format("first byte is 0x%02x, expected 0x00; "
                    + "the value was not written by a schema-registry Avro serializer%s", data[0] & 0xff,
                    data[0] == '{' ? " (it looks like JSON)" : ""), null);
        }
        int schemaId = ConfluentWireFormat.schemaId(data);
        Resolution<T> resolution = resolution(topic, schemaId);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH,
                data.length - ConfluentWireFormat.HEADER_LENGTH, null);
        T record;
        try {
            record = resolution.reader().read(null, decoder);
        } catch (EOFException e) {
            throw failure(topic, schemaId, Problem.TRUNCATED_BODY, "the Avro body ("
                    + (data.length - ConfluentWireFormat.HEADER_LENGTH) + " bytes) ends before the "
                    + resolution.writerName() + " record does", e);
        } catch (IOException | RuntimeException e) {
            throw failure(topic, schemaId, Problem.CORRUPT_BODY, "the Avro body is not a valid "
                    + resolution.writerName() + " encoding: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        try {
            if (!decoder.isEnd()) {
                throw failure(topic, schemaId, Problem.CORRUPT_BODY, "bytes left over after the "
                        + resolution.writerName() + " record; the body does not match the writer schema", null);
            }
        } catch (IOException e) {
            throw failure(topic, schemaId, Problem.CORRUPT_BODY, "cannot read the end of the body: " + e, e);
        }
        return record;
    }

    private Resolution<T> resolution(String topic, int schemaId) {
        Resolution<T> cached = resolutions.get(schemaId);
        if (cached != null) {
            if (cached.unresolvable() != null) {
                throw failure(topic, schemaId, Problem.SCHEMA_NOT_RESOLVABLE, cached.unresolvable(), null);
            }
            return cached;
        }
        Schema writer;
        try {
            writer = client.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw failure(topic, schemaId, Problem.UNKNOWN_SCHEMA_ID, "the schema registry has no schema with id "
                        + schemaId + " (" + e.registryMessage() + "); the value was written against another "
                        + "registry or its schema was deleted", e);
            }
            throw failure(topic, schemaId, Problem.REGISTRY_UNAVAILABLE, "cannot fetch schema " + schemaId
                    + " from the schema registry: " + e.getMessage(), e);
        }
        Class<T> target = readerClass != null ? readerClass : classFor(topic, schemaId, writer);
        Schema reader = SpecificData.get().getSchema(target);
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String why = "data written with " + writer.getFullName() + " cannot be read as " + target.getName()
                    + ": " + compatibility.getDescription();
            // A registered schema never changes: remember the verdict instead of re-checking every record.
            resolutions.put(schemaId, new Resolution<>(null, writer.getFullName(), why));
            throw failure(topic, schemaId, Problem.SCHEMA_NOT_RESOLVABLE, why, null);
        }
        Resolution<T> resolution = new Resolution<>(
                new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(target)), writer.getFullName(),
                null);
        resolutions.put(schemaId, resolution);
        return resolution;
    }

    @SuppressWarnings("unchecked")
    private Class<T> classFor(String topic, int schemaId, Schema writer) {
        Class<?> type = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw failure(topic, schemaId, Problem.SCHEMA_NOT_RESOLVABLE, "no generated class "
                    + writer.getFullName() + " on the classpath to read into; give the deserializer a reader class",
                    null);
        }
        return (Class<T>) type;
    }

    private AvroDeserializationException failure(String topic, Integer schemaId, Problem problem, String detail,
            Throwable cause) {
        return new AvroDeserializationException(topic, isKey, schemaId, problem, detail, cause);
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

    /** How to read one writer schema id: a reader, or why it cannot be read. */
    private record Resolution<T>(SpecificDatumReader<T> reader, String writerName, String unresolvable) {
    }
}
