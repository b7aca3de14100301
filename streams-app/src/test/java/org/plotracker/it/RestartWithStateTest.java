package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The tracker stopped and started again on the same application id: first with its local state kept, then with the
 * local state deleted (rebuilt from the changelog topics). Re-sent events raise no alert twice, and new scans are
 * compared with the scans the tracker saw before the restart.
 */
class RestartWithStateTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path stateDir;

    @Test
    void restartRepeatsNoAlertAndKeepsEachPatientsHistory() throws Exception {
        String applicationId = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        List<SpecificRecord> sourceCases = SourceCases.events();
        List<SpecificRecord> published = new ArrayList<>();

        // 1. first life: the six cases
        try (TrackerInstance tracker = start(applicationId)) {
            publish(sourceCases, published);
            tracker.awaitDecided();
        }
        TopicContents first = outputs();
        assertThat(first.alertRecords()).as("alerts after the first run").isPositive();

        // 2. restart with local state: the same events again (a clinic re-sending), and a new scan of case 1
        DxaScanRecorded case1Later = scan(1, "restart-followup-2", LocalDate.parse("2024-12-10"), -2.0, -1.6);
        try (TrackerInstance tracker = start(applicationId)) {
            publish(sourceCases, published);
            publish(List.of(case1Later), published);
            tracker.awaitDecided();
        }
        TopicContents second = outputs();
        assertThat(second.asOutputs().distinctAlertCount()).as("no alert twice").isEqualTo(second.alertRecords());
        assertThat(second.values(org.plotracker.contracts.Topics.BMD_CHANGE_ALERTS))
                .containsAll(first.values(org.plotracker.contracts.Topics.BMD_CHANGE_ALERTS));
        assertThat(latestPair(second.asOutputs(), SourceCases.patientId(1), DxaSite.LUMBAR_SPINE))
                .as("the new scan is compared with case 1's follow-up from before the restart")
                .satisfies(c -> {
                    assertThat(c.getLaterScanEventId()).isEqualTo(case1Later.getEventId());
                    assertThat(c.getEarlierScanEventId()).isEqualTo("src-c1-dxa-followup");
                    assertThat(c.getEarlierZ()).isEqualTo(-2.4);
                });

        // 3. restart with the local state deleted: rebuilt from the changelog
        deleteRecursively(stateDir);
        DxaScanRecorded case2Later = scan(2, "restart-followup-2", LocalDate.parse("2024-10-28"), -1.6, -1.2);
        try (TrackerInstance tracker = start(applicationId)) {
            publish(List.of(case1Later), published);
            publish(List.of(case2Later), published);
            tracker.awaitDecided();
        }
        TopicContents third = outputs();
        assertThat(latestPair(third.asOutputs(), SourceCases.patientId(2), DxaSite.LUMBAR_SPINE).getEarlierScanEventId())
                .as("state restored from the changelog knows case 2's follow-up").isEqualTo("src-c2-dxa-followup");

        // Everything on the output topics is exactly what the same input gives in the TopologyTestDriver.
        third.assertExactlyOnceEquivalentTo(ExpectedOutputs.of(published), true);
    }

    private TrackerInstance start(String applicationId) throws InterruptedException {
        return TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(),
                applicationId, stateDir, Map.of()));
    }

    private void publish(List<? extends SpecificRecord> events, List<SpecificRecord> published) {
        TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), events, events.size());
        published.addAll(events);
    }

    private TopicContents outputs() throws Exception {
        return TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl());
    }

    private static BmdChange latestPair(TrackerOutputs outputs, String patient, DxaSite site) {
        return outputs.currentBmdChanges().stream()
                .filter(c -> c.getPatientId().equals(patient) && c.getSite() == site)
                .max(Comparator.comparing(BmdChange::getLaterDate))
                .orElseThrow(() -> new AssertionError("no " + site + " pair for " + patient));
    }

    /** A further DXA of source case {@code n} on the cohort's device, L1-L4 and femoral neck. */
    private static DxaScanRecorded scan(int caseNumber, String label, LocalDate day, double spineZ, double neckZ) {
        DxaScanRecorded template = SourceCases.eventsFor(SourceCases.patientId(caseNumber)).stream()
                .filter(DxaScanRecorded.class::isInstance).map(DxaScanRecorded.class::cast).findFirst()
                .orElseThrow();
        return DxaScanRecorded.newBuilder(template)
                .setEventId("src-c" + caseNumber + "-dxa-" + label)
                .setClinicalDate(day)
                .setRecordedAt(day.atTime(16, 30).toInstant(ZoneOffset.UTC))
                .setMeasurements(List.of(
                        SiteMeasurement.newBuilder().setSite(DxaSite.LUMBAR_SPINE).setRegion("L1-L4")
                                .setZScore(spineZ).setTScore(null).setBmdGramsPerCm2(null).build(),
                        SiteMeasurement.newBuilder().setSite(DxaSite.FEMORAL_NECK).setRegion(null)
                                .setZScore(neckZ).setTScore(null).setBmdGramsPerCm2(null).build()))
                .build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

}
