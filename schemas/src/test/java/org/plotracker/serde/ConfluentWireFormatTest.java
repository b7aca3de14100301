package org.plotracker.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.serde.evolution.v2.BreastFeeding;
import org.plotracker.serde.evolution.v2.DeliveryMode;
import org.plotracker.serde.evolution.v2.DeliveryRecorded;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The bytes, pinned by hand from the two specifications (Confluent's wire format: magic byte 0 + 4-byte big-endian
 * schema id; Avro's binary encoding: zig-zag varints for lengths, ints and longs, enums and union branches as
 * indexes), not from our own encoder. Uses the test-only schema {@code src/test/avro/DeliveryRecordedV2.avsc} so that
 * evolving the real contracts does not move the golden bytes.
 */
class ConfluentWireFormatTest {

    private static final String SCOPE = "wire-format-test";
    private static final String TOPIC = "wire-format-test";

    private static final String GOLDEN = "00" + "00000001" // magic byte, schema id 1
            + "046531" // eventId "e1": length 2 → zig-zag 04
            + "045031" // patientId "P1"
            + "02" // clinicalDate 1970-01-02: day 1 → 02
            + "d00f" // recordedAt 1000 ms → zig-zag 2000 → varint d0 0f
            + "0273" // sourceSystem "s"
            + "08" // deliveryMode WATER_BIRTH: index 4 → 08
            + "0204" // parity: union branch 1 (int) → 02, value 2 → 04
            + "00" // gestationalWeeks: union branch 0 (null)
            + "01" // multipleBirth true
            + "04" // breastFeeding PARTIAL: index 2 → 04
            + "02bc05"; // bloodLossMl: branch 1, 350 → zig-zag 700 → varint bc 05

    private static final DeliveryRecorded RECORD = DeliveryRecorded.newBuilder().setEventId("e1").setPatientId("P1")
            .setClinicalDate(LocalDate.of(1970, 1, 2)).setRecordedAt(Instant.ofEpochMilli(1000)).setSourceSystem("s")
            .setDeliveryMode(DeliveryMode.WATER_BIRTH).setParity(2).setGestationalWeeks(null).setMultipleBirth(true)
            .setBreastFeeding(BreastFeeding.PARTIAL).setBloodLossMl(350).build();

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void writesExactlyTheSpecifiedBytes() {
        try (var serde = AvroSerdes.forClass(DeliveryRecorded.class, AvroSerdeConfig.mockRegistry(SCOPE))) {
            byte[] bytes = serde.serializer().serialize(TOPIC, RECORD);
            assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN);
        }
    }

    @Test
    void readsBytesWrittenToTheSpecification() {
        MockSchemaRegistry.clientForScope(SCOPE).register(TOPIC + "-value", DeliveryRecorded.getClassSchema());
        try (var serde = AvroSerdes.forClass(DeliveryRecorded.class, AvroSerdeConfig.mockRegistry(SCOPE))) {
            assertThat(serde.deserializer().deserialize(TOPIC, HexFormat.of().parseHex(GOLDEN))).isEqualTo(RECORD);
        }
    }

    @Test
    void headerHelpers() {
        assertThat(ConfluentWireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ConfluentWireFormat.schemaId(new byte[] {0, (byte) 0x80, 0, 0, 1, 9})).isEqualTo(0x80000001);
    }
}
