package org.plotracker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.Topics;

/** The shared test stack: catalogue topics exist, read_committed consumers only see committed transactions. */
class EmbeddedStackExtensionTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();

    @Test
    void catalogueTopicsExist() throws Exception {
        try (Admin admin = STACK.adminClient()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains(Topics.DELIVERY.name(), Topics.DEAD_LETTER, Topics.SCHEMAS);
        }
    }

    @Test
    void transactionalRoundTripIsReadCommitted() {
        String topic = STACK.createTopic(EmbeddedStackExtension.uniqueName("round-trip"), 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                STACK.transactionalProducerProperties(EmbeddedStackExtension.uniqueName("tx")),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "p-1", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "p-1", "committed"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = STACK.consumeAtLeast(topic, 1, Duration.ofSeconds(30),
                new StringDeserializer(), new StringDeserializer());

        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void waitUntilFailsWithTheDescription() {
        assertThatThrownBy(() -> Conditions.waitUntil(() -> false, Duration.ofMillis(120), "the impossible"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the impossible");
        assertThat(Conditions.waitFor(() -> 42, v -> v == 42, Duration.ofSeconds(1), "the answer")).isEqualTo(42);
    }
}
