package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.CommittedTopicReader;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.contracts.Topics;
import org.plotracker.infrastructure.registry.EmbeddedSchemaRegistry;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.topology.TrackerTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure classes on the real broker, with the app's own start path: a registry outage is retried (no valid
 * event is dead-lettered, all are processed once the registry is back), and a store value that no longer decodes
 * stops the instance after its stream thread failed repeatedly, with nothing dead-lettered.
 */
@Tag("integration")
class FailureClassesTest {

    private static final Logger LOG = LoggerFactory.getLogger(FailureClassesTest.class);
    private static final Duration GENEROUS = Duration.ofMinutes(4);

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path work;

    @Test
    void aRegistryOutageIsRetriedWithoutDeadLetteringAndEverythingIsProcessedAfterwards() throws Exception {
        Map<String, Object> clients = STACK.stack().broker().clientProperties();
        int port = freePort();
        // patient ids of this test's own: the class's tests share one broker and its output topics
        List<SpecificRecord> events = org.plotracker.contracts.demo.SyntheticCohort.of(40, 20261202L)
                .idPrefix("OUTAGE-").events();
        java.util.Set<String> patients = events.stream().map(FailureClassesTest::patientOf)
                .collect(java.util.stream.Collectors.toSet());
        List<SpecificRecord> before = events.subList(0, events.size() / 2);
        List<SpecificRecord> during = events.subList(events.size() / 2, events.size());
        String applicationId = "registry-outage-" + UUID.randomUUID().toString().substring(0, 8);
        int deadLettersBefore = deadLetters().size();

        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(clients).port(port).start();
        String url = registry.url();
        Map<String, Object> publishing = new HashMap<>(STACK.clientProperties());
        publishing.put("schema.registry.url", url);
        publishing.put("auto.register.schemas", "true");
        long outageMillis;
        try (org.plotracker.publish.EventPublisher publisher = new org.plotracker.publish.EventPublisher(publishing);
                org.plotracker.serde.SpecificAvroSerializer<SpecificRecord> serializer =
                        new org.plotracker.serde.SpecificAvroSerializer<>()) {
            publisher.publishAll(before);
            // The clinic's bytes for the later events, encoded while the registry is up (schema ids registered).
            serializer.configure(publishing, false);
            List<ProducerRecord<String, byte[]>> encoded = during.stream().map(e -> {
                String topic = org.plotracker.publish.EventPublisher.topicFor(e.getClass()).name();
                return new ProducerRecord<>(topic, patientOf(e), serializer.serialize(topic, e));
            }).toList();
            try (TrackerInstance tracker = TrackerInstance.start(config(url, applicationId))) {
                tracker.awaitCaughtUp();
            }
            // A fresh instance whose registry client knows no schema id yet, running with nothing to read; then the
            // registry goes down and the clinic goes on publishing (bytes encoded before, default partitioner).
            try (TrackerInstance tracker = TrackerInstance.start(config(url, applicationId))) {
                registry.close();
                long down = System.nanoTime();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(STACK.producerProperties(),
                        new StringSerializer(), new ByteArraySerializer())) {
                    for (ProducerRecord<String, byte[]> record : encoded) {
                        producer.send(record);
                    }
                    producer.flush();
                }
                Conditions.waitFor(() -> tracker.service().streams().retrying(),
                        r -> r.isPresent() && !r.get().contains("(attempt 1)"), GENEROUS,
                        "the tracker to retry the unreadable records at least twice");
                assertThat(deadLetters()).as("nothing dead-lettered while the registry is down")
                        .hasSize(deadLettersBefore);

                registry = Conditions.waitFor(() -> EmbeddedSchemaRegistry.builder(clients).port(port).start(),
                        r -> true, GENEROUS, "the registry to start again on port " + port);
                outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
                // The inputs' offsets are caught up before the last decisions are taken: each task's newest
                // instants wait for the idle threshold, then the settle interval. Wait for them, and for the
                // committed outputs, while this instance runs: a stopped tracker decides nothing (its pending
                // decisions stay in the store for the next instance, PendingAlertRestartTest).
                tracker.awaitDecided();
                LOG.info("Registry outage of {} s: retried ({}), then {} events processed and decided, none"
                        + " dead-lettered", outageMillis / 1000, tracker.service().streams().retrying().orElse("-"),
                        during.size());
                awaitOutputsEqual(ExpectedOutputs.of(events), patients, url);
            }
        } finally {
            registry.close();
        }
        assertThat(deadLetters()).as("no valid event on " + Topics.DEAD_LETTER).hasSize(deadLettersBefore);
        assertThat(outageMillis).isPositive();
    }

    @Test
    void aStoreValueThatDoesNotDecodeStopsTheInstanceAndNothingIsDeadLettered() throws Exception {
        List<SpecificRecord> events = org.plotracker.contracts.demo.SyntheticCohort.of(5, 7L).idPrefix("UNREADABLE-")
                .events();
        String patient = (String) events.get(0).get(events.get(0).getSchema().getField("patientId").pos());
        String applicationId = "unreadable-state-" + UUID.randomUUID().toString().substring(0, 8);
        int deadLettersBefore = deadLetters().size();
        List<SpecificRecord> first = events.stream().filter(e -> patientOf(e).equals(patient)).toList();

        TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), first.subList(0, 1), 1);
        try (TrackerInstance tracker = TrackerInstance.start(config(STACK.schemaRegistryUrl(), applicationId,
                work.resolve("state-1")))) {
            tracker.awaitCaughtUp();
        }
        // What an incompatible upgrade or a corrupted changelog leaves behind: her stored summary does not decode.
        String changelog = applicationId + "-" + TrackerTopology.SUMMARY_STORE + "-changelog";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(STACK.producerProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            int partition = org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(patient.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    partitions(changelog));
            producer.send(new ProducerRecord<>(changelog, partition, patient, new byte[] {(byte) 0x7f, 1, 2, 3}))
                    .get(30, TimeUnit.SECONDS);
        }

        // A fresh state directory: the store is restored from the changelog, garbage included.
        try (TrackerInstance tracker = TrackerInstance.start(config(STACK.schemaRegistryUrl(), applicationId,
                work.resolve("state-2")))) {
            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), first.subList(1, 2), 1);
            assertThat(tracker.service().streams().awaitFailure(GENEROUS)).as("the instance stops").isTrue();
            assertThat(tracker.service().streams().failureDescription()).isNotBlank();
            LOG.info("Stopped as expected: {}", tracker.service().streams().failureDescription());
        }
        assertThat(deadLetters()).as("nothing dead-lettered").hasSize(deadLettersBefore);
    }

    /**
     * Waits until the committed outputs of {@code patients} equal the test driver's (full content); the cohort
     * summary, downstream of a repartition topic, is committed a moment after the decisions that feed it.
     */
    private static void awaitOutputsEqual(TopicContents expected, java.util.Set<String> patients, String registryUrl)
            throws Exception {
        Conditions.waitFor(() -> {
            try {
                TrackerInstance.outputs(STACK.clientProperties(), registryUrl).forPatients(patients::contains)
                        .assertExactlyOnceEquivalentTo(expected, true);
                return true;
            } catch (AssertionError | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, ok -> ok, GENEROUS, "the committed outputs to equal the test driver's");
    }

    private org.plotracker.app.AppConfig config(String registryUrl, String applicationId) {
        return config(registryUrl, applicationId, work.resolve("state"));
    }

    private org.plotracker.app.AppConfig config(String registryUrl, String applicationId, Path stateDir) {
        return TrackerInstance.config(STACK.clientProperties(), registryUrl, applicationId, stateDir, Map.of());
    }

    private static String patientOf(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("patientId").pos()));
    }

    private static int partitions(String topic) throws Exception {
        try (var admin = STACK.adminClient()) {
            return Conditions.waitFor(() -> {
                try {
                    return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(topic).partitions().size());
                } catch (Exception e) {
                    return Optional.<Integer>empty();
                }
            }, Optional::isPresent, GENEROUS, "the changelog " + topic).orElseThrow();
        }
    }

    private static List<TopicRecord<byte[]>> deadLetters() throws Exception {
        return new CommittedTopicReader(new HashMap<>(STACK.clientProperties()), Duration.ofSeconds(60))
                .readAll(Topics.DEAD_LETTER, new ByteArrayDeserializer());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
