package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.internal.CohortAggregate;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EventVersions;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.contracts.internal.PatientSummary;

/**
 * The released-version guard of the tracker's internal records (store values and the cohort repartition topic): each
 * released schema is kept as {@code released-internal/<Record>/vN.avsc}, the newest is the current one, and the
 * current serde reads data written with every released version, so an upgrade can always read the store it finds.
 */
class InternalSerdeTest {

    private static final int RECORDS = 40;

    private static Class<? extends SpecificRecord> type(String name) {
        return switch (name) {
            case "EventVersions" -> EventVersions.class;
            case "PatientSummary" -> PatientSummary.class;
            case "PatientOutput" -> PatientOutput.class;
            case "CohortContribution" -> CohortContribution.class;
            case "CohortAggregate" -> CohortAggregate.class;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EventVersions", "PatientSummary", "PatientOutput", "CohortContribution",
            "CohortAggregate"})
    void theNewestReleasedVersionIsTheCurrentSchema(String name) {
        List<Schema> released = InternalSerde.releasedSchemas(name);
        assertThat(released).as("add released-internal/%s/v1.avsc", name).isNotEmpty();
        assertThat(released.get(released.size() - 1))
                .as("a changed internal schema is released as released-internal/%s/v%d.avsc", name,
                        released.size() + 1)
                .isEqualTo(SpecificData.get().getSchema(type(name)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"EventVersions", "PatientSummary", "PatientOutput", "CohortContribution",
            "CohortAggregate"})
    void theCurrentSerdeReadsDataWrittenWithEveryReleasedVersion(String name) {
        Class<? extends SpecificRecord> type = type(name);
        Serde<? extends SpecificRecord> serde = InternalSerde.released(type);
        for (Schema released : InternalSerde.releasedSchemas(name)) {
            for (Object written : new RandomData(released, RECORDS, name.hashCode())) {
                SpecificRecord read = serde.deserializer().deserialize("store", encode(released, written));
                assertThat(read).isInstanceOf(type);
                byte[] again = ((Serde<SpecificRecord>) (Serde<?>) serde).serializer().serialize("store", read);
                assertThat(serde.deserializer().deserialize("store", again)).isNotNull();
            }
        }
    }

    @Test
    void bytesOfAnUnknownSchemaAreRefusedNotMisread() {
        Schema other = SchemaBuilder.record("PatientSummary").namespace("org.plotracker.contracts.internal").fields()
                .requiredString("somethingElse").endRecord();
        GenericRecord record = new GenericData.Record(other);
        record.put("somethingElse", "x");
        byte[] bytes = encode(other, record);
        assertThatThrownBy(() -> InternalSerde.patientSummary().deserializer().deserialize("store", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("PatientSummary");
    }

    private static byte[] encode(Schema schema, Object record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<Object>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
