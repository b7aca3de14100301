package org.plotracker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.validation.EventValidator;

/** Routing, keys, validation and abort logic; Kafka's own transaction behaviour is tested on a real broker in the CLI. */
class EventPublisherTest {

    /** Serializes nothing useful, but fails on request: enough to test what the publisher does around send(). */
    private static final class CountingSerializer implements Serializer<SpecificRecord> {
        final AtomicInteger calls = new AtomicInteger();
        int failOnCall = -1;

        @Override
        public byte[] serialize(String topic, SpecificRecord data) {
            if (calls.incrementAndGet() == failOnCall) {
                throw new SerializationException("registry refused the schema of " + topic);
            }
            return new byte[] {0};
        }
    }

    private final CountingSerializer serializer = new CountingSerializer();
    private final MockProducer<String, SpecificRecord> producer =
            new MockProducer<>(true, null, new StringSerializer(), serializer);

    private static DeliveryRecorded delivery(String eventId, String patientId) {
        return DeliveryRecorded.newBuilder().setEventId(eventId).setPatientId(patientId)
                .setClinicalDate(LocalDate.of(2024, 1, 5)).setRecordedAt(Instant.parse("2024-01-06T10:00:00Z"))
                .setSourceSystem("clinic-a").setParity(1).build();
    }

    @Test
    void routesEachEventToItsCatalogueTopicKeyedByPatient() {
        EventPublisher publisher = new EventPublisher(producer, EventValidator.withDefaults());
        List<SpecificRecord> cohort = SourceCases.events();
        PublishResult result = publisher.publishAll(cohort);

        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(result.published()).isEqualTo(cohort.size());
        assertThat(result.perTopic().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(cohort.size());
        List<ProducerRecord<String, SpecificRecord>> sent = producer.history();
        assertThat(sent).hasSize(cohort.size()).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo(EventPublisher.topicFor(r.value().getClass()).name());
            assertThat(r.key()).isEqualTo(EventPublisher.patientId(r.value()));
            assertThat(r.timestamp()).as("record timestamp = recordedAt")
                    .isEqualTo(((java.time.Instant) r.value().get(r.value().getSchema().getField("recordedAt").pos()))
                            .toEpochMilli());
        });
        assertThat(sent).extracting(ProducerRecord::topic).contains(Topics.DELIVERY.name(), Topics.FRACTURE.name(),
                Topics.DXA_SCAN.name(), Topics.TREATMENT.name(), Topics.PREGNANCY.name());
    }

    @Test
    void topicsOfEveryPublishableClass() {
        assertThat(EventPublisher.topicFor(ErasureRequested.class)).isEqualTo(Topics.ERASURE);
        assertThat(EventPublisher.topicFor(TreatmentRecorded.class)).isEqualTo(Topics.TREATMENT);
        assertThat(EventPublisher.topicFor(org.plotracker.contracts.alerts.BmdChangeAlert.class))
                .isEqualTo(Topics.BMD_CHANGE_ALERTS);
        assertThatThrownBy(() -> EventPublisher.topicFor(CohortSummary.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CohortSummary");
    }

    @Test
    void anInvalidEventRefusesTheWholeBatchBeforeSending() {
        EventPublisher publisher = new EventPublisher(producer, EventValidator.withDefaults());
        List<SpecificRecord> batch = new ArrayList<>(List.of(delivery("e1", "P-1"), delivery("e2", " "),
                delivery("e3", "P-3")));
        batch.add(DeliveryRecorded.newBuilder(delivery("e4", "P-4")).setParity(0).build());

        assertThatThrownBy(() -> publisher.publishAll(batch))
                .isInstanceOfSatisfying(InvalidEventsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.INVALID_EVENT);
                    assertThat(e.violationsByIndex()).containsOnlyKeys(1, 3);
                    assertThat(e.violationsByIndex().get(1).get(0).field()).isEqualTo("patientId");
                    assertThat(e.violationsByIndex().get(3).get(0).field()).isEqualTo("parity");
                    assertThat(e.getMessage()).startsWith("2 invalid event(s), nothing published");
                });
        assertThat(producer.history()).isEmpty();
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(serializer.calls).hasValue(0);
    }

    @Test
    void aSerializationFailureMidBatchAbortsTheTransaction() {
        EventPublisher publisher = new EventPublisher(producer, EventValidator.withDefaults());
        serializer.failOnCall = 3;
        assertThatThrownBy(() -> publisher.publishAll(List.of(delivery("e1", "P-1"), delivery("e2", "P-2"),
                delivery("e3", "P-3"), delivery("e4", "P-4"))))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PublishException.Kind.SERIALIZATION);
                    assertThat(e.getMessage()).contains("registry refused the schema of plo.events.delivery.v1")
                            .doesNotContain("\n");
                });
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.transactionCommitted()).isFalse();

        // The publisher stays usable after an aborted batch.
        serializer.failOnCall = -1;
        assertThat(publisher.publish(delivery("e5", "P-5")).published()).isEqualTo(1);
        assertThat(producer.transactionCommitted()).isTrue();
    }

    @Test
    void progressIsReportedPerAcknowledgement() {
        EventPublisher publisher = new EventPublisher(producer, EventValidator.withDefaults());
        List<Integer> seen = new ArrayList<>();
        publisher.publishAll(List.of(delivery("e1", "P-1"), delivery("e2", "P-1")), (ack, total) -> {
            assertThat(total).isEqualTo(2);
            seen.add(ack);
        });
        assertThat(seen).containsExactly(1, 2);
        assertThat(publisher.publishAll(List.of()).published()).isZero();
        assertThat(Map.copyOf(publisher.publishAll(List.of(delivery("e3", "P-1"))).perTopic()))
                .containsEntry(Topics.DELIVERY.name(), 1);
    }
}
