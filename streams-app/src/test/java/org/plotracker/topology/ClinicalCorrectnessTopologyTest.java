package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.topology.TestEvents.HOLOGIC_A;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.NotComparableCause;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.derived.TimelineEntry;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.rules.RulesConfig;

/** Issue 14 through the topology, where the wiring matters: mapping, derived row fields, screening, demo cohort. */
class ClinicalCorrectnessTopologyTest {

    private static final String SCOPE = "clinical-correctness";
    private static final String P = "PAT-14";

    private TrackerDriver driver;

    @BeforeEach
    void start() {
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), TestSerdes.validator());
    }

    @AfterEach
    void stop() {
        driver.close();
        org.plotracker.serde.registry.MockSchemaRegistry.dropScope(SCOPE);
    }

    private void episode() {
        driver.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        driver.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12));
        driver.pipe(TestEvents.spineScan(P, "s1", "2024-03-12", HOLOGIC_A, 0.800, -1.5));
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    private List<TimelineEntry> lastTimelineEntries() {
        PatientTimeline last = driver.timelines().stream().map(kv -> kv.value).reduce((a, b) -> b).orElseThrow();
        return last.getEntries();
    }

    /** Item 2: the row says which regions were measured and why it is not a change. */
    @Test
    void aRegionMismatchIsCarriedOnTheRowAndAlertedWithTheLevels() {
        episode();
        driver.pipe(DxaScanRecorded.newBuilder(TestEvents.spineScan(P, "s2", "2025-03-12", HOLOGIC_A, 0.860, -1.0))
                .setMeasurements(List.of(new SiteMeasurement(DxaSite.LUMBAR_SPINE, "L1-L3", 0.860, null, -1.0)))
                .setExcludedVertebrae(List.of(Vertebra.L4)).build());
        BmdChange row = driver.bmdChanges().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(row.getClassification()).isEqualTo(ChangeClassification.NOT_COMPARABLE);
        assertThat(row.getNotComparableCause()).isEqualTo(NotComparableCause.REGION_DIFFERS);
        assertThat(row.getEarlierRegion()).isEqualTo("L1-L4");
        assertThat(row.getLaterRegion()).isEqualTo("L1-L3");
        assertThat(row.getLaterExcludedVertebrae()).containsExactly(Vertebra.L4);
        assertThat(row.getBmdChangePercent()).isNull();
        assertThat(driver.bmdAlerts()).singleElement().satisfies(a -> assertThat(a.getHeadline()).isEqualTo(
                "Not comparable at LUMBAR_SPINE: different regions measured (L1-L4 then L1-L3 (L4 excluded); L4 only"
                        + " in the earlier result)"));
    }

    /** Item 3: a site with no configured threshold writes a row and raises nothing. */
    @Test
    void aDistalRadiusPairIsARowWithoutAnAlert() {
        episode();
        driver.pipe(TestEvents.scan(P, "r1", "2024-03-13", HOLOGIC_A,
                new SiteMeasurement(DxaSite.DISTAL_RADIUS_33, null, 0.700, null, -1.0)));
        driver.pipe(TestEvents.scan(P, "r2", "2025-03-13", HOLOGIC_A,
                new SiteMeasurement(DxaSite.DISTAL_RADIUS_33, null, 0.600, null, -2.4)));
        BmdChange row = driver.bmdChanges().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(row.getSite()).isEqualTo(DxaSite.DISTAL_RADIUS_33);
        assertThat(row.getNotComparableCause()).isEqualTo(NotComparableCause.NO_THRESHOLD_FOR_SITE);
        assertThat(driver.bmdAlerts()).isEmpty();
    }

    /** Item 6: breast-feeding recorded at delivery reaches the rules. */
    @Test
    void aSpineLossInTheLactationPeriodOfABreastFeedingMotherIsStatedAsSuch() {
        driver.pipe(TestEvents.spineScan(P, "s0", "2023-10-01", HOLOGIC_A, 1.000, -0.5));
        driver.pipe(DeliveryRecorded.newBuilder(TestEvents.delivery(P, "d1", "2024-01-10"))
                .setBreastFeeding(BreastFeeding.PARTIAL).build());
        driver.pipe(TestEvents.spineScan(P, "s1", "2024-05-10", HOLOGIC_A, 0.930, -1.1));
        assertThat(driver.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.INFO);
            assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE during lactation with no recorded"
                    + " bone treatment; 3-10% spine loss is expected during lactation and usually regained after"
                    + " weaning");
            assertThat(a.getSeverityFactors()).extracting(f -> f.getCode()).containsExactly("LOSS_DURING_LACTATION");
        });
    }

    /** Item 12: a record dated in the future is refused by the tracker too, to the dead-letter topic. */
    @Test
    void aScanRecordedIn2099GoesToTheDeadLetterTopic() {
        episode();
        driver.pipe(DxaScanRecorded.newBuilder(TestEvents.spineScan(P, "s2099", "2099-03-12", HOLOGIC_A, 0.700,
                -2.5)).setRecordedAt(at("2099-03-12")).build());
        List<TestRecord<byte[], byte[]>> dlq = driver.deadLetters();
        assertThat(dlq).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("INVALID_EVENT");
            assertThat(header(r, DeadLetterHeaders.EVENT_ID)).isEqualTo("s2099");
            assertThat(header(r, "__streams.errors.message")).contains("recordedAt")
                    .contains("cannot be made in the future");
        });
        assertThat(driver.bmdChanges()).isEmpty();
    }

    /** Item 13: an unknown symbol is accepted, left out of the rules, and named on the timeline. */
    @Test
    void unknownSymbolsAreAcceptedLeftOutOfTheRulesAndNamedOnTheTimeline() {
        episode();
        driver.pipe(TreatmentRecorded.newBuilder(TestEvents.started(P, "t-new", "2024-03-12", TreatmentAgent.DENOSUMAB))
                .setAction(TreatmentAction.UNKNOWN).build());
        driver.pipe(TestEvents.started(P, "t-unknown-agent", "2024-03-12", TreatmentAgent.UNKNOWN));
        driver.pipe(TestEvents.scan(P, "s2", "2025-03-12", HOLOGIC_A,
                new SiteMeasurement(DxaSite.LUMBAR_SPINE, "L1-L4", 0.700, null, -2.4),
                new SiteMeasurement(DxaSite.UNKNOWN, null, 0.500, null, -3.0)));
        assertThat(driver.deadLetters()).isEmpty();
        List<BmdChange> rows = driver.bmdChanges();
        assertThat(rows).extracting(BmdChange::getSite).containsOnly(DxaSite.LUMBAR_SPINE);
        BmdChange spine = rows.get(rows.size() - 1);
        assertThat(spine.getTreatmentExposure()).as("neither unknown treatment counts").isEmpty();
        assertThat(lastTimelineEntries()).extracting(TimelineEntry::getSummary).contains(
                "DENOSUMAB: an action not known to this version, left out of the rules",
                "an agent not known to this version, left out of the rules started",
                "DXA HOLOGIC Horizon A #H-1: LUMBAR_SPINE (L1-L4) BMD 0.700 g/cm\u00b2 Z -2.4; a site not known to"
                        + " this version, left out of the rules BMD 0.500 g/cm\u00b2 Z -3.0");
    }

    /** Item 11: the demo cohort records the stops of Table 1, so no later alert says "while on" an ended course. */
    @Test
    void theDemoCohortsLaterAlertsNameNoEndedTreatment() {
        driver.pipeAll(SourceCases.events());
        List<BmdChangeAlert> alerts = driver.bmdAlerts();
        BmdChangeAlert hip = alerts.stream().filter(a -> a.getPatientId().equals(SourceCases.patientId(4))
                && a.getChange().getSite() == DxaSite.TOTAL_HIP).findFirst().orElseThrow();
        assertThat(hip.getHeadline()).isEqualTo("Loss beyond LSC at TOTAL_HIP with no recorded bone treatment;"
                + " Z-score still low");
        assertThat(hip.getSeverity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(hip.getSeverityFactors()).extracting(f -> f.getCode()).containsExactly("Z_SCORE_STILL_LOW");
        assertThat(alerts).allSatisfy(a -> {
            if (a.getChange().getLaterDate().isAfter(LocalDate.of(2024, 6, 1))) {
                assertThat(a.getHeadline()).doesNotContain("while on");
            }
        });
    }
}
