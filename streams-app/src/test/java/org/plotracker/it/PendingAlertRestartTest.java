package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.topology.TrackerTopology;

/**
 * An alert still pending in its settling window when the tracker is stopped cleanly is emitted by the next instance
 * of the same application id, exactly once: with its local state kept, and with the local state deleted (the
 * patient store and {@code pending-alert-patients} rebuilt from their changelogs). The inputs were committed before
 * the stop, so nothing but the restored pending state can raise it.
 *
 * <p>Both tests share this class's broker and publish the same source case, so each one counts only the alerts
 * committed after it began.
 */
class PendingAlertRestartTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final String CASE_2 = SourceCases.patientId(2);
    /** Far longer than the first instance lives, so the alert is certainly still pending when it stops. */
    private static final Duration LONG_WINDOW = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    @Test
    void aPendingAlertIsEmittedOnceByTheNextInstanceWithItsLocalState() throws Exception {
        restartWithPendingAlert(false);
    }

    @Test
    void aPendingAlertIsEmittedOnceByTheNextInstanceRestoringFromTheChangelog() throws Exception {
        restartWithPendingAlert(true);
    }

    private void restartWithPendingAlert(boolean deleteLocalState) throws Exception {
        String applicationId = EmbeddedStackExtension.uniqueName("pending-restart");
        // case 2 under a patient id of this run's own: the input topics keep the other test's events
        String patient = CASE_2 + "-" + applicationId.substring(applicationId.length() - 6);
        int committedBefore = case2Alerts(patient).size();
        // her events as a clinic would publish them today: recorded now, so that decisions wait for the settle
        // interval on the live clock (events recorded long ago are decided as soon as the tracker is idle)
        List<SpecificRecord> events = recordedNow(SourceCases.eventsFor(CASE_2), patient);

        // 1. first life, long window: her events processed and committed, the alert decided but held
        try (TrackerInstance tracker = start(applicationId, LONG_WINDOW)) {
            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), events, events.size());
            tracker.awaitCaughtUp();
            KafkaStreams streams = tracker.service().streams().kafkaStreams();
            Conditions.waitUntil(() -> TrackerTopology.patientsWithPendingAlerts(streams) == 1,
                    TrackerInstance.TIMEOUT, "case 2's alert pending");
            assertThat(case2Alerts(patient)).as("nothing committed while the alert is pending").hasSize(committedBefore);
        }
        assertThat(case2Alerts(patient)).as("a clean stop does not emit the pending alert").hasSize(committedBefore);

        if (deleteLocalState) {
            deleteContents(stateDir);
            try (Stream<Path> left = Files.list(stateDir)) {
                assertThat(left).as("local state deleted").isEmpty();
            }
        }

        // 2. second life, shipped defaults: the restored pending decision is taken once, nothing decided twice
        try (TrackerInstance tracker = start(applicationId, null)) {
            KafkaStreams streams = tracker.service().streams().kafkaStreams();
            assertThat(TrackerTopology.awaitAlertsSettled(streams, TrackerInstance.TIMEOUT))
                    .as("alerts settled on the restarted instance").isTrue();
            assertThat(TrackerTopology.patientsWithPendingAlerts(streams)).as("nothing left pending").isZero();
        }

        List<TopicRecord<BmdChangeAlert>> committed = case2Alerts(patient);
        List<BmdChangeAlert> raised = committed.subList(committedBefore, committed.size()).stream()
                .map(TopicRecord::value).toList();
        assertThat(raised).as("case 2's alerts committed after the restart").singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.getChange().getSite()).isEqualTo(DxaSite.FEMORAL_NECK);
            assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE");
            assertThat(a.getTriggeredByEventId()).isEqualTo("src-c2-dxa-followup");
        });
        // full content: the same record the tracker's topology writes for the same events in one go
        List<Object> expected = ExpectedOutputs.of(events).values(Topics.BMD_CHANGE_ALERTS);
        assertThat(raised.stream().map(Object::toString).toList())
                .isEqualTo(expected.stream().map(Object::toString).toList());
    }

    /** With the shipped settings, or the given settle interval (null = shipped). */
    private TrackerInstance start(String applicationId, Duration alertSettle) throws InterruptedException {
        return TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(),
                applicationId, stateDir, alertSettle == null ? Map.of() : Map.of("plo.tracker.alert-settle-ms",
                        String.valueOf(alertSettle.toMillis()))));
    }

    /** The events, in their order, of {@code patient} and recorded now (1 ms apart). */
    private static List<SpecificRecord> recordedNow(List<SpecificRecord> events, String patient) {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<SpecificRecord> stamped = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            SpecificRecord copy = org.apache.avro.specific.SpecificData.getForClass(events.get(i).getClass())
                    .deepCopy(events.get(i).getSchema(), events.get(i));
            ((org.apache.avro.generic.GenericRecord) copy).put("recordedAt", now.plusMillis(i));
            ((org.apache.avro.generic.GenericRecord) copy).put("patientId", patient);
            stamped.add(copy);
        }
        return stamped;
    }

    /** Every committed BMD-change alert about case 2, in offset order (one patient, one partition). */
    private static List<TopicRecord<BmdChangeAlert>> case2Alerts(String patient) throws TimeoutException {
        Map<String, Object> settings = new HashMap<>(STACK.clientProperties());
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        return new TrackerOutputTopics(settings, TrackerInstance.TIMEOUT).read(Topics.BMD_CHANGE_ALERTS).stream()
                .filter(r -> patient.equals(r.key()))
                .sorted(Comparator.comparingLong(TopicRecord::offset))
                .toList();
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
