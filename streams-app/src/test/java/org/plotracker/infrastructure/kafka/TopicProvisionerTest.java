package org.plotracker.infrastructure.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.infrastructure.kafka.TopicProvisioner.TopicLayoutException;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** Topic creation and layout checks against a real broker of this class's own (it deletes topics). */
class TopicProvisionerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(b -> b.provisionTopics(false));

    private Admin admin;

    @BeforeEach
    void emptyCluster() throws Exception {
        admin = STACK.adminClient();
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (!topics.isEmpty()) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
        Conditions.waitUntil(() -> names().isEmpty(), Duration.ofSeconds(30), "all topics to be deleted");
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    /**
     * An event recorded in 2023 and published with that time as its record timestamp must not be deleted by time
     * retention as soon as the broker checks: on the created topics the broker stamps it with its append time.
     */
    @Test
    void aBackdatedRecordIsStampedWithItsAppendTimeSoRetentionCountsFromPublication() throws Exception {
        new TopicProvisioner(admin, TopicProvisioner.Settings.defaults().withPartitions(1)).ensureTopics();
        long backdated = java.time.Instant.parse("2023-03-13T16:00:00Z").toEpochMilli();
        long before = System.currentTimeMillis();
        Map<String, Object> producerConfig = new java.util.HashMap<>(STACK.clientProperties());
        producerConfig.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        producerConfig.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(producerConfig)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.DXA_SCAN.name(), null,
                    backdated, "PLO-T-1", "scan")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new java.util.HashMap<>(STACK.clientProperties());
        consumerConfig.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        consumerConfig.put("value.deserializer",
                org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        consumerConfig.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(consumerConfig)) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition(Topics.DXA_SCAN.name(), 0)));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> read = new ArrayList<>();
            Conditions.waitUntil(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return !read.isEmpty();
            }, Duration.ofSeconds(60), "the published record to be readable");
            assertThat(read.get(0).timestampType())
                    .isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(read.get(0).timestamp()).isGreaterThanOrEqualTo(before);
        }
    }

    @Test
    void createsTheCatalogueWithPartitionsCompactionAndDeadLetterRetention() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(admin,
                TopicProvisioner.Settings.defaults().withPartitions(4).withDeadLetterRetention(Duration.ofDays(45)));

        List<String> created = provisioner.ensureTopics();

        List<String> expected = new ArrayList<>();
        Topics.all().forEach(t -> expected.add(t.name()));
        expected.add(Topics.DEAD_LETTER);
        expected.add(Topics.SCHEMAS);
        assertThat(created).containsExactlyInAnyOrderElementsOf(expected);

        Map<String, TopicDescription> described = admin.describeTopics(expected).allTopicNames().get(30, TimeUnit.SECONDS);
        for (TopicSpec<?> spec : Topics.all()) {
            assertThat(described.get(spec.name()).partitions()).as(spec.name()).hasSize(4);
            assertThat(config(spec.name(), TopicConfig.CLEANUP_POLICY_CONFIG)).as(spec.name())
                    .isEqualTo(spec.compacted() ? "compact" : "delete");
            assertThat(config(spec.name(), TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)).as(spec.name())
                    .isEqualTo("LogAppendTime");
        }
        assertThat(config(Topics.DEAD_LETTER, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)).isEqualTo("LogAppendTime");
        assertThat(config(Topics.PATIENT_TIMELINE.name(), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        assertThat(config(Topics.COHORT_SUMMARY.name(), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        assertThat(described.get(Topics.SCHEMAS).partitions()).hasSize(1);
        assertThat(config(Topics.SCHEMAS, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        assertThat(described.get(Topics.DEAD_LETTER).partitions()).hasSize(4);
        assertThat(config(Topics.DEAD_LETTER, TopicConfig.RETENTION_MS_CONFIG))
                .isEqualTo(Long.toString(Duration.ofDays(45).toMillis()));

        // Second run: nothing to create, layout verified.
        assertThat(provisioner.ensureTopics()).isEmpty();
    }

    @Test
    void createsOnlyWhatIsMissingAndLeavesExistingTopicsAlone() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.DELIVERY.name(), 6, (short) 1))).all().get(30, TimeUnit.SECONDS);

        List<String> created = new TopicProvisioner(admin).ensureTopics();

        assertThat(created).doesNotContain(Topics.DELIVERY.name()).contains(Topics.PREGNANCY.name(), Topics.SCHEMAS);
    }

    @Test
    void verifyReportsMissingTopicsByName() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.DELIVERY.name(), 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Conditions.waitUntil(() -> names().contains(Topics.DELIVERY.name()), Duration.ofSeconds(30),
                "the delivery topic to be listed");

        assertThatThrownBy(() -> new TopicProvisioner(admin).verify())
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining("missing topics")
                .hasMessageContaining(Topics.PREGNANCY.name())
                .hasMessageContaining(Topics.DEAD_LETTER)
                .hasMessageNotContaining("[" + Topics.DELIVERY.name())
                .hasMessageNotContaining(Topics.SCHEMAS);
        assertThatThrownBy(() -> new TopicProvisioner(admin).verify(true))
                .hasMessageContaining(Topics.SCHEMAS);
    }

    @Test
    void anExternalClusterNeedsNoSchemasTopicButTheEmbeddedRegistryDoes() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        provisioner.plannedTopics().stream().filter(t -> !t.name().equals(Topics.SCHEMAS))
                .forEach(this::createQuietly);
        int expected = provisioner.plannedTopics().size() - 1;
        Conditions.waitUntil(() -> names().size() == expected, Duration.ofSeconds(30), "the topics to be listed");

        provisioner.verify();
        assertThatThrownBy(() -> provisioner.verify(true)).isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining("missing topics [" + Topics.SCHEMAS + "]");
    }

    @Test
    void verifyReportsInputsThatAreNotCoPartitioned() throws Exception {
        new TopicProvisioner(admin).ensureTopics();
        admin.deleteTopics(List.of(Topics.FRACTURE.name())).all().get(30, TimeUnit.SECONDS);
        Conditions.waitUntil(() -> !names().contains(Topics.FRACTURE.name()), Duration.ofSeconds(30),
                "the fracture topic to be deleted");
        admin.createTopics(List.of(new NewTopic(Topics.FRACTURE.name(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Conditions.waitUntil(() -> names().contains(Topics.FRACTURE.name()), Duration.ofSeconds(30),
                "the re-created fracture topic to be listed");

        TopicLayoutException error = org.junit.jupiter.api.Assertions.assertThrows(TopicLayoutException.class,
                () -> new TopicProvisioner(admin).verify());

        assertThat(error.problems()).singleElement().asString()
                .contains("not co-partitioned")
                .contains(Topics.FRACTURE.name() + "=3")
                .contains(Topics.DELIVERY.name() + "=6");
    }

    @Test
    void verifyReportsACompactedTopicThatIsNotCompacted() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.PATIENT_TIMELINE.name(), 6, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")))).all().get(30, TimeUnit.SECONDS);
        new TopicProvisioner(admin).plannedTopics().stream()
                .filter(t -> !t.name().equals(Topics.PATIENT_TIMELINE.name()))
                .forEach(t -> createQuietly(t));
        int all = new TopicProvisioner(admin).plannedTopics().size();
        Conditions.waitUntil(() -> names().size() == all, Duration.ofSeconds(30), "all catalogue topics to be listed");

        assertThatThrownBy(() -> new TopicProvisioner(admin).verify())
                .isInstanceOf(TopicLayoutException.class)
                .hasMessageContaining(Topics.PATIENT_TIMELINE.name() + " must have cleanup.policy=compact")
                .hasMessageContaining("but has delete");
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> TopicProvisioner.Settings.defaults().withPartitions(0))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TopicProvisioner.Settings.defaults().withDeadLetterRetention(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    private void createQuietly(NewTopic topic) {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> names() {
        try {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String config(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                .get(resource).get(key);
        return entry.value();
    }
}
