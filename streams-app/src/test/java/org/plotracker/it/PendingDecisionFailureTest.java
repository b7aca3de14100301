package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.CommittedTopicReader;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.infrastructure.registry.EmbeddedSchemaRegistry;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.topology.TopologySettings;
import org.plotracker.topology.TrackerTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settling punctuator on the real broker, with the app's own start path: decisions that fall due while raising
 * them fails stay pending until they are taken (docs/reliability.md, "Pending decisions are never dropped").
 *
 * <p>A broker of its own: the tracker reads every record on the input topics and the cohort summary aggregates over
 * all of them, so another class's patients would change the summaries compared here.
 */
@Tag("integration")
class PendingDecisionFailureTest {

    private static final Logger LOG = LoggerFactory.getLogger(PendingDecisionFailureTest.class);
    private static final Duration GENEROUS = Duration.ofMinutes(4);

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path work;

    /**
     * The settling punctuator never drops pending work when raising fails: decisions listed by one instance are due in
     * the next one while the registry is down, so writing their alerts and timelines (the output serializers must
     * look their schemas up) fails in the punctuator. The stream thread fails without advancing, is replaced, and the
     * decisions are taken once the registry is back: nothing dead-lettered, the committed outputs equal the test
     * driver's.
     */
    @Test
    void aFailureWhileRaisingKeepsTheDecisionsPendingUntilTheyAreTaken() throws Exception {
        Map<String, Object> clients = STACK.stack().broker().clientProperties();
        int port = freePort();
        List<SpecificRecord> events = SyntheticCohort.of(12, 20261203L)
                .idPrefix("RAISING-").events();
        Set<String> patients = events.stream().map(PendingDecisionFailureTest::patientOf)
                .collect(Collectors.toSet());
        String applicationId = "raising-outage-" + UUID.randomUUID().toString().substring(0, 8);
        int deadLettersBefore = deadLetters().size();

        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(clients).port(port).start();
        String url = registry.url();
        try {
            TrackerInstance.publish(STACK.clientProperties(), url, events, 10);
            // The follow-up clock is capped before every event in both instances, so that what falls due in the
            // second one is the patients' decisions alone (the settling punctuator), not also follow-up reminders.
            // The outputs compared below (alerts, rows, timelines, cohort) do not depend on the follow-up clock.
            Map<String, String> decisionsOnly = Map.of(TopologySettings.AS_OF, "2000-01-01");
            // 1. The events admitted, each task's newest decisions listed but not taken: with an idle threshold
            //    longer than this instance lives, its clock is stream time alone, which never passes them.
            long pendingAtStop;
            Map<String, String> neverIdle = new HashMap<>(decisionsOnly);
            neverIdle.put(TopologySettings.IDLE_AFTER_MS, "3600000");
            try (TrackerInstance tracker = TrackerInstance.start(config(url, applicationId, neverIdle))) {
                tracker.awaitCaughtUp();
                pendingAtStop = TrackerTopology.patientsWithPendingAlerts(tracker.service().streams().kafkaStreams());
            }
            assertThat(pendingAtStop).as("patients with decisions pending when the first instance stops").isPositive();
            TopicContents expected = ExpectedOutputs.of(events);
            assertThat(committedTimelines(patients)).as("the pending decisions' timelines not yet committed")
                    .isNotEqualTo(expected.forPatients(patients::contains).latestTimelines());

            // 2. The registry goes down; a fresh instance with the shipped settings has nothing to decode (every
            //    input is committed), and its punctuator finds the decisions due once the task is idle: raising
            //    them fails while the output schemas cannot be looked up.
            registry.close();
            long down = System.nanoTime();
            try (TrackerInstance tracker = TrackerInstance.start(config(url, applicationId, decisionsOnly))) {
                org.apache.kafka.streams.KafkaStreams streams = tracker.service().streams().kafkaStreams();
                Conditions.waitFor(() -> tracker.service().streams().retrying(),
                        r -> r.isPresent() && !r.get().contains("(attempt 1)"), GENEROUS,
                        "the tracker to retry raising the due decisions at least twice");
                assertThat(deadLetters()).as("nothing dead-lettered while raising fails").hasSize(deadLettersBefore);
                // Between two failed attempts, while a replacement thread runs every task: every decision is still
                // listed (a task still restoring, or a thread being replaced, shows fewer or none for a moment).
                Conditions.waitFor(() -> {
                    try {
                        return TrackerTopology.patientsWithPendingAlerts(streams);
                    } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                        return -1L;
                    }
                }, n -> n == pendingAtStop, GENEROUS, "all " + pendingAtStop + " patients' decisions still pending"
                        + " after failed raises");
                assertThat(committedTimelines(patients)).as("nothing of a failed decision committed")
                        .isNotEqualTo(expected.forPatients(patients::contains).latestTimelines());

                registry = Conditions.waitFor(() -> EmbeddedSchemaRegistry.builder(clients).port(port).start(),
                        r -> true, GENEROUS, "the registry to start again on port " + port);
                long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
                tracker.awaitDecided();
                LOG.info("Registry down for {} s while {} patients' decisions were due: retried ({}), then decided",
                        outageMillis / 1000, pendingAtStop, tracker.service().streams().retrying().orElse("-"));
                awaitOutputsEqual(expected, patients, url);
            }
        } finally {
            registry.close();
        }
        assertThat(deadLetters()).as("no valid event on " + Topics.DEAD_LETTER).hasSize(deadLettersBefore);
    }

    /**
     * Each patient's latest committed timeline, read through the stack's own registry (it shares the schema log with
     * the test's registry, which may be down).
     */
    private static Map<String, String> committedTimelines(Set<String> patients)
            throws TimeoutException {
        return TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl())
                .forPatients(patients::contains).latestTimelines();
    }

    /**
     * Waits until the committed outputs of {@code patients} equal the test driver's (full content); the cohort
     * summary, downstream of a repartition topic, is committed a moment after the decisions that feed it.
     */
    private static void awaitOutputsEqual(TopicContents expected, Set<String> patients, String registryUrl)
            throws Exception {
        Conditions.waitFor(() -> {
            try {
                TrackerInstance.outputs(STACK.clientProperties(), registryUrl).forPatients(patients::contains)
                        .assertExactlyOnceEquivalentTo(expected, true);
                return true;
            } catch (AssertionError | TimeoutException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, ok -> ok, GENEROUS, "the committed outputs to equal the test driver's");
    }

    private org.plotracker.app.AppConfig config(String registryUrl, String applicationId, Map<String, String> extra) {
        return TrackerInstance.config(STACK.clientProperties(), registryUrl, applicationId, work.resolve("state"),
                extra);
    }

    private static String patientOf(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("patientId").pos()));
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
