package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * Recorded-time decisions on the real in-JVM broker with exactly_once_v2 and the shipped settle interval: case 2's
 * events published follow-up scan first end with one standing alert with the treatment she was on (her earlier
 * events arrived late for their decisions and corrected what was raised on the way), readable once
 * {@link TrackerTopology#awaitAlertsSettled} returns; a later event corrects that alert and raises no second one.
 */
class RecordedTimeBrokerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final String SCOPE = "tracker-settling-broker";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String CASE_2 = SourceCases.patientId(2);

    @AfterAll
    static void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @SuppressWarnings("unchecked")
    private static void send(KafkaProducer<String, byte[]> producer, SpecificRecord event,
                             Map<String, Object> serdeConfig) throws Exception {
        TopicSpec<?> topic = Topics.INPUTS.stream().filter(t -> t.valueType().isInstance(event)).findFirst()
                .orElseThrow();
        Serializer<SpecificRecord> serializer = (Serializer<SpecificRecord>) (Serializer<?>) AvroSerdes
                .forClass(event.getClass().asSubclass(SpecificRecord.class), serdeConfig).serializer();
        producer.send(new ProducerRecord<>(topic.name(), ClinicalEvent.patientId(event),
                serializer.serialize(topic.name(), event))).get();
    }

    private static <T extends SpecificRecord> List<T> values(List<ConsumerRecord<String, byte[]>> records,
                                                             Class<T> type, String topic,
                                                             Map<String, Object> serdeConfig) {
        Deserializer<T> deserializer = AvroSerdes.forClass(type, serdeConfig).deserializer();
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (CASE_2.equals(r.key()) && r.value() != null) {
                values.add(deserializer.deserialize(topic, r.value()));
            }
        }
        return values;
    }

    private List<BmdChangeAlert> alerts(Map<String, Object> serdeConfig) {
        return values(STACK.consumeAll(Topics.BMD_CHANGE_ALERTS.name(), TIMEOUT, new StringDeserializer(),
                new ByteArrayDeserializer()), BmdChangeAlert.class, Topics.BMD_CHANGE_ALERTS.name(), serdeConfig);
    }

    /** The latest record per original alert id, unless withdrawn. */
    private static Map<String, BmdChangeAlert> standing(List<BmdChangeAlert> alerts) {
        Map<String, BmdChangeAlert> latest = new java.util.TreeMap<>();
        alerts.forEach(a -> latest.put(a.getOriginalAlertId(), a));
        latest.values().removeIf(a -> a.getStatus() == AlertStatus.WITHDRAWN);
        return latest;
    }

    @Test
    void aScansFirstBatchEndsWithOneStandingAlertWithTheTreatmentAndALaterEventCorrectsIt() throws Exception {
        Map<String, Object> serdeConfig = AvroSerdeConfig.mockRegistry(SCOPE);
        Properties props = TrackerStreamsConfig.defaults();
        props.putAll(STACK.streamsProperties(EmbeddedStackExtension.uniqueName("tracker-settling")));
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, TrackerStreamsConfig.RECOMMENDED_MAX_TASK_IDLE_MS);
        TopologySettings settings = TopologySettings.defaults().alertSettle(Duration.ofSeconds(3));
        try (KafkaStreams streams = new KafkaStreams(TrackerTopology.build(RulesConfig.defaults(), serdeConfig,
                settings), props)) {
            streams.start();
            Conditions.waitUntil(() -> streams.state() == KafkaStreams.State.RUNNING, TIMEOUT, "streams running");
            List<SpecificRecord> events = SourceCases.eventsFor(CASE_2);
            List<SpecificRecord> scansFirst = new ArrayList<>(events.stream()
                    .filter(e -> e instanceof DxaScanRecorded).sorted(ClinicalEvent.CLINICAL_ORDER.reversed()).toList());
            scansFirst.addAll(events.stream().filter(e -> !(e instanceof DxaScanRecorded)).toList());
            Map<String, Object> producerProps = new HashMap<>(STACK.producerProperties());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (SpecificRecord event : scansFirst) {
                    send(producer, event, serdeConfig);
                }

                Conditions.waitUntil(() -> values(STACK.consumeAll(Topics.PATIENT_TIMELINE.name(), TIMEOUT,
                        new StringDeserializer(), new ByteArrayDeserializer()), PatientTimeline.class,
                        Topics.PATIENT_TIMELINE.name(), serdeConfig).stream()
                        .anyMatch(t -> t.getEventCount() == events.size()), TIMEOUT, "all her events processed");
                assertThat(TrackerTopology.awaitAlertsSettled(streams, TIMEOUT)).isTrue();
                // the follow-up scans arrived first, so her earlier events were late for their decisions: whatever
                // was raised on the way, the latest record of the one standing alert is the recorded order's
                Map<String, BmdChangeAlert> standing = standing(alerts(serdeConfig));
                assertThat(standing.values()).singleElement().satisfies(a -> {
                    assertThat(a.getChange().getSite()).isEqualTo(DxaSite.FEMORAL_NECK);
                    assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE");
                    assertThat(a.getSeverity()).isEqualTo(AlertSeverity.HIGH);
                });
                String originalId = standing.keySet().iterator().next();

                // after the alert: a calcium/vitamin D record within the scan interval, recorded after everything
                // else: the row and the alert that embeds it are corrected, no second alert is raised
                TreatmentRecorded late = TreatmentRecorded.newBuilder()
                        .setEventId("late-c2-calcium").setPatientId(CASE_2)
                        .setClinicalDate(java.time.LocalDate.parse("2023-05-02"))
                        .setRecordedAt(java.time.Instant.parse("2023-12-01T09:00:00Z")).setSourceSystem("test")
                        .setAction(TreatmentAction.STARTED).setAgent(TreatmentAgent.CALCIUM_VITAMIN_D).build();
                send(producer, late, serdeConfig);
                Conditions.waitUntil(() -> alerts(serdeConfig).stream().anyMatch(a -> a.getStatus()
                        == AlertStatus.CORRECTED && a.getChange().getTreatmentExposure().size() == 2), TIMEOUT,
                        "the alert corrected by the later record");
                assertThat(TrackerTopology.awaitAlertsSettled(streams, TIMEOUT)).isTrue();
                Map<String, BmdChangeAlert> after = standing(alerts(serdeConfig));
                assertThat(after).containsOnlyKeys(originalId);
                assertThat(after.get(originalId).getStatus()).isEqualTo(AlertStatus.CORRECTED);
                assertThat(after.get(originalId).getStatusReason()).contains("late-c2-calcium");
                assertThat(alerts(serdeConfig)).extracting(BmdChangeAlert::getAlertId).doesNotHaveDuplicates();
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
