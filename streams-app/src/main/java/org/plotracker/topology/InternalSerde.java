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
import org.plotracker.contracts.internal.PatientState;

/**
 * Serde of the tracker's internal records (state store, changelog, cohort repartition topics): Avro single-object
 * encoding (2-byte marker, 8-byte schema fingerprint, Avro binary). These never leave the application, so they do not
 * go through the schema registry; the fingerprint makes a schema mismatch fail loudly instead of misreading bytes.
 */
public final class InternalSerde {

    private InternalSerde() {
    }

    /** Earlier {@code PatientState} schemas still readable from stores and changelogs written before a change. */
    private static final List<String> PATIENT_STATE_HISTORY = List.of("previous-schemas/PatientState-1.avsc",
            "previous-schemas/PatientState-2.avsc");

    /** The serde of the patient store's value, able to read every earlier {@code PatientState} schema. */
    public static Serde<PatientState> patientState() {
        return of(PatientState.class, PATIENT_STATE_HISTORY.stream().map(InternalSerde::previousSchema).toList());
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
