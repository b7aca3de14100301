package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.CommittedTopicReader;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * Poison input: bytes that are not Avro, a Confluent frame naming a schema id the registry does not have, an event
 * with impossible values and an event whose patient id is not its key end in {@code plo.dlq.v1} with reason headers;
 * the tracker keeps running and the valid events before and after them are processed.
 */
class PoisonInputTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path stateDir;

    @Test
    void badRecordsEndInTheDeadLetterTopicWithReasonsAndTheValidOnesAroundThemAreProcessed() throws Exception {
        String applicationId = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String patient = SourceCases.patientId(1);
        List<SpecificRecord> caseOne = SourceCases.eventsFor(patient);
        int followUp = caseOne.size() - 1;
        while (!(caseOne.get(followUp) instanceof DxaScanRecorded)) {
            followUp--;
        }
        // the follow-up scan and what follows it (the end of the course, recorded the same day)
        List<SpecificRecord> before = caseOne.subList(0, followUp);
        List<SpecificRecord> after = caseOne.subList(followUp, caseOne.size());
        assertThat(after.get(0)).as("case 1's follow-up scan").isInstanceOf(DxaScanRecorded.class);

        try (TrackerInstance tracker = TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(),
                STACK.schemaRegistryUrl(), applicationId, stateDir, Map.of()))) {
            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), before, before.size());
            publishPoison(patient);
            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), after, after.size());
            tracker.awaitDecided(); // rows are written when the decision is taken, after the inputs are read
            assertThat(tracker.service().streams().state()).as("the tracker keeps running")
                    .isEqualTo(KafkaStreams.State.RUNNING);
        }

        List<TopicRecord<byte[]>> deadLetters = new CommittedTopicReader(STACK.clientProperties(),
                Duration.ofSeconds(60)).readAll(Topics.DEAD_LETTER, new ByteArrayDeserializer());
        assertThat(deadLetters).as("records on " + Topics.DEAD_LETTER).hasSize(4)
                .allSatisfy(letter -> assertThat(letter.key()).isEqualTo(patient));
        Map<String, String> reasonByEvent = new HashMap<>();
        List<Map<String, String>> headers = deadLetterHeaders(deadLetters.size());
        for (Map<String, String> h : headers) {
            reasonByEvent.put(h.getOrDefault("plo.dlq.event-id", "(undecodable " + h.get("__streams.errors.offset")
                    + ")"), h.get("plo.dlq.reason"));
        }
        assertThat(headers).hasSize(4)
                .allSatisfy(h -> assertThat(h).containsKeys("plo.dlq.reason", "__streams.errors.exception",
                        "__streams.errors.message", "__streams.errors.topic", "__streams.errors.offset"));
        assertThat(headers).extracting(h -> h.get("plo.dlq.reason"))
                .containsExactlyInAnyOrder("UNDECODABLE", "UNDECODABLE", "INVALID_EVENT", "KEY_MISMATCH");
        assertThat(reasonByEvent).containsEntry("poison-impossible-z", "INVALID_EVENT")
                .containsEntry("poison-key-mismatch", "KEY_MISMATCH");

        TopicContents outputs = TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl());
        assertThat(outputs.asOutputs().currentBmdChanges())
                .as("the follow-up scan after the poison was compared with the baseline before it")
                .anySatisfy(c -> {
                    assertThat(c.getPatientId()).isEqualTo(patient);
                    assertThat(c.getSite()).isEqualTo(DxaSite.LUMBAR_SPINE);
                    assertThat(c.getEarlierZ()).isEqualTo(-2.6);
                    assertThat(c.getLaterZ()).isEqualTo(-2.4);
                });
    }

    private void publishPoison(String patient) {
        Map<String, Object> bytesProducer = new HashMap<>(STACK.producerProperties());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(bytesProducer, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DXA_SCAN.name(), patient,
                    "{\"zScore\": -2.5, \"note\": \"JSON, not Avro\"}".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(Topics.DXA_SCAN.name(), patient,
                    new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6}));
            producer.flush();
        }
        Map<String, Object> serde = new HashMap<>(STACK.clientProperties());
        serde.put("schema.registry.url", STACK.schemaRegistryUrl());
        serde.put("auto.register.schemas", "true");
        DxaScanRecorded template = (DxaScanRecorded) SourceCases.eventsFor(patient).stream()
                .filter(DxaScanRecorded.class::isInstance).findFirst().orElseThrow();
        DxaScanRecorded impossible = DxaScanRecorded.newBuilder(template).setEventId("poison-impossible-z")
                .setMeasurements(List.of(SiteMeasurement.newBuilder().setSite(DxaSite.LUMBAR_SPINE)
                        .setRegion("L1-L4").setZScore(42.0).setTScore(null).setBmdGramsPerCm2(null).build()))
                .build();
        DeliveryRecorded otherPatient = DeliveryRecorded.newBuilder((DeliveryRecorded) SourceCases
                        .eventsFor(SourceCases.patientId(2)).get(0))
                .setEventId("poison-key-mismatch").build();
        Serializer<DxaScanRecorded> scans = AvroSerdes.valueSerde(Topics.DXA_SCAN, serde).serializer();
        Serializer<DeliveryRecorded> deliveries = AvroSerdes.valueSerde(Topics.DELIVERY, serde).serializer();
        try (KafkaProducer<String, DxaScanRecorded> scanProducer = new KafkaProducer<>(STACK.producerProperties(),
                new StringSerializer(), scans);
             KafkaProducer<String, DeliveryRecorded> deliveryProducer = new KafkaProducer<>(
                     STACK.producerProperties(), new StringSerializer(), deliveries)) {
            scanProducer.send(new ProducerRecord<>(Topics.DXA_SCAN.name(), patient, impossible));
            deliveryProducer.send(new ProducerRecord<>(Topics.DELIVERY.name(), patient, otherPatient));
            scanProducer.flush();
            deliveryProducer.flush();
        }
    }

    /** Headers of every dead letter, as text. */
    private List<Map<String, String>> deadLetterHeaders(int count) {
        List<Map<String, String>> all = new ArrayList<>();
        Map<String, Object> consumer = new HashMap<>(STACK.consumerProperties("dlq-reader-" + UUID.randomUUID()));
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> reader =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
                             new ByteArrayDeserializer())) {
            reader.subscribe(List.of(Topics.DEAD_LETTER));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (all.size() < count && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(200)).forEach(record -> {
                    Map<String, String> headers = new HashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value() == null ? null
                                : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    all.add(headers);
                });
            }
        }
        return all;
    }
}
