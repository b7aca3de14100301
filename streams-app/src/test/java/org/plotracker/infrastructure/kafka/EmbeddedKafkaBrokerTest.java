package org.plotracker.infrastructure.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded broker is a real broker: data and cluster id survive a restart, transactions work on one node. */
class EmbeddedKafkaBrokerTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerTest.class);

    @TempDir
    Path dataDir;

    @Test
    void restartKeepsClusterIdTopicsAndCommittedTransactionalData() throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            LOG.info("Cold start (format + start) took {} ms", broker.lastStartupTime().toMillis());
            clusterId = broker.clusterId();
            assertThat(clusterId).isNotBlank();
            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
                admin.createTopics(List.of(new NewTopic("restart-check", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            // Exactly-once producers need the transaction state topic: this hangs if min.isr is not 1.
            Map<String, Object> producerProps = new HashMap<>(broker.clientProperties());
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "restart-check-tx");
            producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("restart-check", "patient-1", "committed"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("restart-check", "patient-1", "aborted"));
                producer.abortTransaction();
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            LOG.info("Warm start (re-use storage) took {} ms", broker.lastStartupTime().toMillis());
            assertThat(broker.clusterId()).isEqualTo(clusterId);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(clusterId);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("restart-check");
            }
            assertThat(readCommitted(broker, "restart-check", 1)).containsExactly("committed");
        }
    }

    @Test
    void closeIsIdempotentAndStartTwiceIsRefused() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start();
        try {
            assertThat(broker.isRunning()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        } finally {
            broker.close();
        }
        broker.close();
        assertThat(broker.isRunning()).isFalse();
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothingRunning() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).brokerPort(taken.getLocalPort()).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("client port " + taken.getLocalPort());
            assertThat(broker.isRunning()).isFalse();
        }
        // The same data directory starts fine afterwards.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dataDir).build().start()) {
            assertThat(broker.isRunning()).isTrue();
        }
    }

    private static List<String> readCommitted(EmbeddedKafkaBroker broker, String topic, int expected) {
        Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // Drain a little more to prove nothing else (the aborted record) is visible.
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                values.add(r.value());
            }
        }
        return values;
    }
}
