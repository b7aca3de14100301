package org.plotracker.serde.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.ConfluentWireFormat;
import org.plotracker.serde.SpecificAvroSerde;
import org.plotracker.serde.registry.CompatibilityLevels;
import org.plotracker.serde.registry.InMemorySchemaRegistryClient;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * Schema evolution through the serde and a registry: DeliveryRecorded v1 (the generated class) and a v2 with an added
 * delivery-mode symbol and an added defaulted field ({@code src/test/avro/DeliveryRecordedV2.avsc}), both registered
 * under the topic's subject at BACKWARD_TRANSITIVE.
 */
class SerdeEvolutionTest {

    private static final String SCOPE = "evolution-test";
    private static final String TOPIC = Topics.DELIVERY.name();

    private InMemorySchemaRegistryClient registry;
    private SpecificAvroSerde<DeliveryRecorded> v1;
    private SpecificAvroSerde<org.plotracker.serde.evolution.v2.DeliveryRecorded> v2;

    @BeforeEach
    void setUp() {
        registry = MockSchemaRegistry.clientForScope(SCOPE);
        registry.setCompatibility(Topics.DELIVERY.valueSubject(), CompatibilityLevels.BACKWARD_TRANSITIVE);
        v1 = AvroSerdes.valueSerde(Topics.DELIVERY, AvroSerdeConfig.mockRegistry(SCOPE));
        v2 = AvroSerdes.forClass(org.plotracker.serde.evolution.v2.DeliveryRecorded.class,
                AvroSerdeConfig.mockRegistry(SCOPE));
    }

    @AfterEach
    void tearDown() {
        v1.close();
        v2.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void v1DataReadsIntoV2WithTheNewFieldDefaulted() {
        DeliveryRecorded old = DeliveryRecorded.newBuilder().setEventId("ev-1").setPatientId("P-007")
                .setClinicalDate(LocalDate.of(2023, 5, 14)).setRecordedAt(Instant.parse("2023-05-15T08:00:00Z"))
                .setSourceSystem("maternity-a").setDeliveryMode(DeliveryMode.CAESAREAN).setParity(2)
                .setGestationalWeeks(38).setBreastFeeding(BreastFeeding.EXCLUSIVE).build();
        byte[] written = v1.serializer().serialize(TOPIC, old);

        var read = v2.deserializer().deserialize(TOPIC, written);

        assertThat(read.getEventId()).isEqualTo("ev-1");
        assertThat(read.getPatientId()).isEqualTo("P-007");
        assertThat(read.getClinicalDate()).isEqualTo(LocalDate.of(2023, 5, 14));
        assertThat(read.getRecordedAt()).isEqualTo(Instant.parse("2023-05-15T08:00:00Z"));
        assertThat(read.getDeliveryMode().name()).isEqualTo("CAESAREAN");
        assertThat(read.getParity()).isEqualTo(2);
        assertThat(read.getBreastFeeding().name()).isEqualTo("EXCLUSIVE");
        assertThat(read.getBloodLossMl()).as("added in v2, default null").isNull();
    }

    @Test
    void v2IsAcceptedAsTheNextVersionAndItsNewSymbolReadsAsUnknownInV1() {
        v1.serializer().serialize(TOPIC, DeliveryRecorded.newBuilder().setEventId("ev-1").setPatientId("P-1")
                .setClinicalDate(LocalDate.of(2023, 1, 1)).setRecordedAt(Instant.EPOCH).setSourceSystem("s").build());
        var newer = org.plotracker.serde.evolution.v2.DeliveryRecorded.newBuilder().setEventId("ev-2")
                .setPatientId("P-008").setClinicalDate(LocalDate.of(2024, 2, 1))
                .setRecordedAt(Instant.parse("2024-02-01T10:00:00Z")).setSourceSystem("maternity-b")
                .setDeliveryMode(org.plotracker.serde.evolution.v2.DeliveryMode.WATER_BIRTH).setBloodLossMl(350)
                .build();

        // Auto-registration under BACKWARD_TRANSITIVE: v2 becomes version 2 of the subject.
        byte[] written = v2.serializer().serialize(TOPIC, newer);
        assertThat(registry.versions(Topics.DELIVERY.valueSubject())).containsExactly(1, 2);
        assertThat(ConfluentWireFormat.schemaId(written))
                .isEqualTo(registry.version(Topics.DELIVERY.valueSubject(), 2).id());

        // A v1 consumer still reads it: unknown symbol → the enum's default, the extra field is skipped.
        DeliveryRecorded read = v1.deserializer().deserialize(TOPIC, written);
        assertThat(read.getEventId()).isEqualTo("ev-2");
        assertThat(read.getDeliveryMode()).isEqualTo(DeliveryMode.UNKNOWN);
        assertThat(read.getSourceSystem()).isEqualTo("maternity-b");

        // And v2 reads its own bytes unchanged.
        assertThat(v2.deserializer().deserialize(TOPIC, written)).isEqualTo(newer);
    }

    @Test
    void useLatestVersionConvertsAV1RecordToTheLatestV2Schema() {
        String subject = Topics.DELIVERY.valueSubject();
        registry.register(subject, DeliveryRecorded.getClassSchema());
        int v2Id = registry.register(subject, org.plotracker.serde.evolution.v2.DeliveryRecorded.getClassSchema());
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                AvroSerdeConfig.USE_LATEST_VERSION, true);
        DeliveryRecorded old = DeliveryRecorded.newBuilder().setEventId("ev-3").setPatientId("P-009")
                .setClinicalDate(LocalDate.of(2022, 9, 30)).setRecordedAt(Instant.parse("2022-10-01T07:30:00Z"))
                .setSourceSystem("maternity-c").setDeliveryMode(DeliveryMode.ASSISTED_VAGINAL).setParity(1).build();
        try (var latestWriter = AvroSerdes.valueSerde(Topics.DELIVERY, config)) {
            byte[] written = latestWriter.serializer().serialize(TOPIC, old);

            assertThat(ConfluentWireFormat.schemaId(written)).isEqualTo(v2Id);
            var asV2 = v2.deserializer().deserialize(TOPIC, written);
            assertThat(asV2.getDeliveryMode().name()).isEqualTo("ASSISTED_VAGINAL");
            assertThat(asV2.getBloodLossMl()).isNull();
            assertThat(asV2.getClinicalDate()).isEqualTo(LocalDate.of(2022, 9, 30));
            assertThat(v1.deserializer().deserialize(TOPIC, written)).isEqualTo(old);
        }
    }

    @Test
    void v2FollowsThePolicyAgainstTheReleasedV1() {
        assertThat(SchemaEvolutionPolicy.violations(
                org.plotracker.serde.evolution.v2.DeliveryRecorded.getClassSchema(),
                ReleasedSchemas.of("DeliveryRecorded"))).isEmpty();
    }
}
