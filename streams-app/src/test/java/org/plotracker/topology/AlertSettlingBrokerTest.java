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
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The alert settling window on the real in-JVM broker with exactly_once_v2: case 2's events published follow-up scan
 * first give one committed alert with the treatment she was on, emitted by the wall-clock punctuator and readable
 * once {@link TrackerTopology#awaitAlertsSettled} returns; an event after the alert corrects the row and raises
 * nothing more.
 */
class AlertSettlingBrokerTest {

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

    @Test
    void aScansFirstBatchGivesOneCommittedAlertWithTheTreatmentAndALaterEventNoSecond() throws Exception {
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
                List<BmdChangeAlert> alerts = alerts(serdeConfig);
                assertThat(alerts).singleElement().satisfies(a -> {
                    assertThat(a.getChange().getSite()).isEqualTo(DxaSite.FEMORAL_NECK);
                    assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE");
                    assertThat(a.getSeverity()).isEqualTo(AlertSeverity.HIGH);
                    assertThat(a.getTriggeredByEventId()).isEqualTo("src-c2-dxa-followup");
                });
                String alertId = alerts.get(0).getAlertId();

                // after the alert: a calcium/vitamin D record within the scan interval changes the row, not the alert
                TreatmentRecorded late = TreatmentRecorded.newBuilder()
                        .setEventId("late-c2-calcium").setPatientId(CASE_2)
                        .setClinicalDate(java.time.LocalDate.parse("2023-05-02"))
                        .setRecordedAt(java.time.Instant.parse("2023-12-01T09:00:00Z")).setSourceSystem("test")
                        .setAction(TreatmentAction.STARTED).setAgent(TreatmentAgent.CALCIUM_VITAMIN_D).build();
                send(producer, late, serdeConfig);
                Conditions.waitUntil(() -> values(STACK.consumeAll(Topics.BMD_CHANGE.name(), TIMEOUT,
                        new StringDeserializer(), new ByteArrayDeserializer()), BmdChange.class,
                        Topics.BMD_CHANGE.name(), serdeConfig).stream().anyMatch(r -> r.getSite() == DxaSite.FEMORAL_NECK
                        && r.getTreatmentExposure().size() == 2), TIMEOUT, "the row corrected by the late record");
                assertThat(TrackerTopology.patientsWithPendingAlerts(streams)).as("nothing pending after the late"
                        + " record").isZero();
                ReadOnlyKeyValueStore<String, PatientState> records = streams.store(StoreQueryParameters
                        .fromNameAndType(TrackerTopology.PATIENT_STORE, QueryableStoreTypes.keyValueStore()));
                assertThat(records.get(CASE_2).getPendingBmdAlerts()).isEmpty();
                assertThat(records.get(CASE_2).getBmdAlerts()).singleElement()
                        .satisfies(a -> assertThat(a.getAlertId()).isEqualTo(alertId));
                assertThat(alerts(serdeConfig)).extracting(BmdChangeAlert::getAlertId).containsExactly(alertId);
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
