package org.plotracker.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.plotracker.contracts.internal.EventVersions;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.contracts.internal.PatientSummary;

/**
 * Serde of the tracker's internal records (state store, changelog, cohort repartition topics): Avro single-object
 * encoding (2-byte marker, 8-byte schema fingerprint, Avro binary). These never leave the application, so they do not
 * go through the schema registry; the fingerprint makes a schema mismatch fail loudly instead of misreading bytes.
 */
public final class InternalSerde {

    private InternalSerde() {
    }

    /** Folder of the released internal schemas: {@code released-internal/<Record>/vN.avsc} on the classpath. */
    public static final String RELEASED = "released-internal";

    /** The value serde of {@code patient-events}, reading every released {@code EventVersions} schema. */
    public static Serde<EventVersions> eventVersions() {
        return released(EventVersions.class);
    }

    /** The value serde of {@code patient-summary}, reading every released {@code PatientSummary} schema. */
    public static Serde<PatientSummary> patientSummary() {
        return released(PatientSummary.class);
    }

    /** The value serde of {@code patient-outputs}, reading every released {@code PatientOutput} schema. */
    public static Serde<PatientOutput> patientOutput() {
        return released(PatientOutput.class);
    }

    /** A serde of {@code type} that also reads every released version of its schema (a store written before). */
    public static <T extends SpecificRecord> Serde<T> released(Class<T> type) {
        return of(type, releasedSchemas(type.getSimpleName()));
    }

    /** The released versions of an internal record, oldest first ({@code released-internal/<name>/vN.avsc}). */
    public static List<org.apache.avro.Schema> releasedSchemas(String recordName) {
        List<org.apache.avro.Schema> versions = new java.util.ArrayList<>();
        for (int v = 1; ; v++) {
            String resource = RELEASED + "/" + recordName + "/v" + v + ".avsc";
            if (InternalSerde.class.getClassLoader().getResource(resource) == null) {
                return List.copyOf(versions);
            }
            versions.add(previousSchema("/" + resource));
        }
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type) {
        return of(type, List.of());
    }

    /**
     * A serde writing {@code type}'s current schema and reading it as well as each of {@code previousSchemas} (older
     * writer schemas of the same record, resolved to the current one: fields added since take their defaults).
     */
    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, List<org.apache.avro.Schema> previousSchemas) {
        SpecificData model = new SpecificData(type.getClassLoader());
        // nested contract records (events inside the patient state) carry date and timestamp logical types
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        org.apache.avro.Schema schema = model.getSchema(type);
        BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(model, schema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema);
        previousSchemas.forEach(decoder::addSchema);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new SerializationException("Cannot encode " + type.getSimpleName(), e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot decode " + type.getSimpleName() + " from " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static org.apache.avro.Schema previousSchema(String resource) {
        try (InputStream in = InternalSerde.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing internal schema resource " + resource);
            }
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read internal schema resource " + resource, e);
        }
    }
}
