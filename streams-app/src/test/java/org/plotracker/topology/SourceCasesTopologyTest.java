package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.alerts.RecurrenceTrigger;
import org.plotracker.contracts.alerts.RiskTier;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.ContributingFactor;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.rules.RulesConfig;

/** The six source cases (DOMAIN.md Table 1) through the whole topology. */
class SourceCasesTopologyTest {

    /** Case 4's events after her first follow-up: the scan before and after her second pregnancy. */
    private static final Set<String> CASE4_LATER = Set.of("src-c4-dxa-prepregnancy", "src-c4-pregnancy-2",
            "src-c4-delivery-2", "src-c4-dxa-postpartum2");

    private static final String SCOPE = "source-cases";

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

    private static String eventId(SpecificRecord e) {
        return (String) e.get(e.getSchema().getField("eventId").pos());
    }

    private List<SpecificRecord> firstSeries() {
        return SourceCases.events().stream().filter(e -> !CASE4_LATER.contains(eventId(e))).toList();
    }

    private List<SpecificRecord> case4Later() {
        return SourceCases.events().stream().filter(e -> CASE4_LATER.contains(eventId(e))).toList();
    }

    /** Table 1 of the source series: pre and post Z and T for L1-L4 and femoral neck. */
    @ParameterizedTest(name = "case {0}")
    @CsvSource({
            // case, spine Z pre, post, neck Z pre, post, spine T pre, post, neck T pre, post, group
            "1, -2.6, -2.4, -1.9, -1.8, -2.5, -2.4, -1.9, -1.8, CALCIUM_VITAMIN_D",
            "2, -1.9, -1.0,  0.0, -0.8, -1.3, -1.0, -0.8, -0.8, ANABOLIC",
            "3, -2.6, -2.4, -1.5, -1.2, -2.9, -2.4, -1.7, -1.2, CALCIUM_VITAMIN_D",
            "4, -2.5, -1.8, -2.1, -2.0, -1.5, -1.8, -1.7, -2.0, CALCIUM_VITAMIN_D",
            "5, -2.7, -1.0, -1.6, -1.2, -2.5, -1.0, -1.2, -1.2, ANABOLIC",
            "6, -1.9, -1.8, -1.6, -1.6, -1.7, -1.8, -1.4, -1.6, CALCIUM_VITAMIN_D"})
    void eachFirstFollowUpRowMatchesTableOne(int caseNumber, double spineZPre, double spineZPost, double neckZPre,
                                             double neckZPost, double spineTPre, double spineTPost, double neckTPre,
                                             double neckTPost, TreatmentGroup group) {
        driver.pipeAll(firstSeries());
        List<BmdChange> rows = driver.bmdChanges().stream()
                .filter(r -> r.getPatientId().equals(SourceCases.patientId(caseNumber))).toList();

        BmdChange spine = only(rows, DxaSite.LUMBAR_SPINE);
        assertRow(spine, spineZPre, spineZPost, spineTPre, spineTPost, group);
        BmdChange neck = only(rows, DxaSite.FEMORAL_NECK);
        assertRow(neck, neckZPre, neckZPost, neckTPre, neckTPost, group);
    }

    /**
     * The one pair at a site, as a consumer reads it: the latest row per changeId (the stop of a course recorded on
     * the day of the follow-up scan updates the row's ongoingAtEnd).
     */
    private static BmdChange only(List<BmdChange> rows, DxaSite site) {
        java.util.Map<String, BmdChange> latest = new java.util.LinkedHashMap<>();
        rows.stream().filter(r -> r.getSite() == site).forEach(r -> latest.put(r.getChangeId(), r));
        List<BmdChange> atSite = List.copyOf(latest.values());
        assertThat(atSite).as("rows at %s", site).hasSize(1);
        return atSite.get(0);
    }

    private static void assertRow(BmdChange row, double zPre, double zPost, double tPre, double tPost,
                                  TreatmentGroup group) {
        assertThat(row.getStatus()).isEqualTo(RowStatus.CURRENT);
        assertThat(row.getFirstFollowUpAfterEpisode()).isTrue();
        assertThat(row.getEarlierZ()).isEqualTo(zPre);
        assertThat(row.getLaterZ()).isEqualTo(zPost);
        assertThat(row.getDeltaZ()).isCloseTo(zPost - zPre, within(1e-9));
        assertThat(row.getEarlierT()).isEqualTo(tPre);
        assertThat(row.getLaterT()).isEqualTo(tPost);
        assertThat(row.getDeltaT()).isCloseTo(tPost - tPre, within(1e-9));
        assertThat(row.getBmdChangePercent()).isNull();
        assertThat(row.getTreatmentGroup()).isEqualTo(group);
        assertThat(row.getMonthsBetween()).isBetween(5.9, 9.1);
    }

    @Test
    void cohortSummaryOfLumbarSpineDeltaZIsComputedFromTheEvents() {
        driver.pipeAll(firstSeries());
        Map<String, CohortSummary> summary = driver.cohortSummary(Map.of());

        CohortSummary caVitD = summary.get("LUMBAR_SPINE|CALCIUM_VITAMIN_D");
        assertThat(caVitD.getPatients()).isEqualTo(4);
        assertThat(caVitD.getDeltaZ().getN()).isEqualTo(4);
        assertThat(caVitD.getDeltaZ().getMean()).isCloseTo(0.30, within(1e-9));
        // sample SD of 0.2, 0.2, 0.7, 0.1
        assertThat(caVitD.getDeltaZ().getSampleSd()).isCloseTo(0.270801, within(1e-6));
        assertThat(caVitD.getBmdChangePercent().getN()).isZero();

        CohortSummary anabolic = summary.get("LUMBAR_SPINE|ANABOLIC");
        assertThat(anabolic.getDeltaZ().getN()).isEqualTo(2);
        assertThat(anabolic.getDeltaZ().getMean()).isCloseTo(1.30, within(1e-9));
        assertThat(anabolic.getDeltaT().getMean()).isCloseTo((0.3 + 1.5) / 2, within(1e-9));

        CohortSummary neckAnabolic = summary.get("FEMORAL_NECK|ANABOLIC");
        assertThat(neckAnabolic.getDeltaZ().getMean()).isCloseTo((-0.8 + 0.4) / 2, within(1e-9));
        assertThat(summary).containsOnlyKeys("LUMBAR_SPINE|CALCIUM_VITAMIN_D", "LUMBAR_SPINE|ANABOLIC",
                "FEMORAL_NECK|CALCIUM_VITAMIN_D", "FEMORAL_NECK|ANABOLIC");
    }

    @Test
    void case2FemoralNeckLossOnTeriparatideIsSignificantAndAlerted() {
        driver.pipeAll(firstSeries());
        BmdChange neck = driver.bmdChanges().stream().filter(r -> r.getPatientId().equals(SourceCases.patientId(2))
                && r.getSite() == DxaSite.FEMORAL_NECK).findFirst().orElseThrow();
        assertThat(neck.getDeltaZ()).isCloseTo(-0.8, within(1e-9));
        assertThat(neck.getClassification()).isEqualTo(ChangeClassification.SIGNIFICANT_LOSS);
        assertThat(neck.getThreshold()).isEqualTo(0.45);

        List<BmdChangeAlert> alerts = driver.bmdAlerts().stream()
                .filter(a -> a.getPatientId().equals(SourceCases.patientId(2))).toList();
        assertThat(alerts).hasSize(1);
        BmdChangeAlert alert = alerts.get(0);
        assertThat(alert.getHeadline()).isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE");
        assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(alert.getSeverityFactors()).extracting(ContributingFactor::getCode)
                .containsExactly("LOSS_WHILE_ON_TREATMENT");
        assertThat(alert.getChange().getChangeId()).isEqualTo(neck.getChangeId());
        assertThat(alert.getTriggeredByEventId()).isEqualTo("src-c2-dxa-followup");
    }

    @Test
    void case4SecondPregnancyRaisesAHighTierAlertNamingHerEightVertebrae() {
        driver.pipeAll(firstSeries());
        driver.recurrenceAlerts();
        driver.pipeAll(case4Later());

        List<RecurrenceRiskAlert> alerts = driver.recurrenceAlerts();
        assertThat(alerts).hasSize(1);
        RecurrenceRiskAlert alert = alerts.get(0);
        assertThat(alert.getPatientId()).isEqualTo(SourceCases.patientId(4));
        assertThat(alert.getTier()).isEqualTo(RiskTier.HIGH);
        assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(alert.getTrigger()).isEqualTo(RecurrenceTrigger.PREGNANCY_CONFIRMED);
        assertThat(alert.getTriggerEventId()).isEqualTo("src-c4-pregnancy-2");
        assertThat(alert.getLateDetection()).isFalse();
        assertThat(alert.getIndexEpisode().getFracturedVertebrae()).containsExactly(Vertebra.T4, Vertebra.T5,
                Vertebra.T7, Vertebra.T8, Vertebra.T10, Vertebra.T11, Vertebra.T12, Vertebra.L2);
        ContributingFactor multiple = alert.getFactors().stream()
                .filter(f -> f.getCode().equals("MULTIPLE_VERTEBRAL_FRACTURES")).findFirst().orElseThrow();
        assertThat(multiple.getEvidence()).startsWith("8 vertebrae: T4, T5, T7, T8, T10, T11, T12, L2");
        assertThat(alert.getFactors()).extracting(ContributingFactor::getCode)
                .contains("LOW_Z_SCORE", "SHORT_INTERVAL_SINCE_INDEX_DELIVERY");
        assertThat(alert.getMonthsSinceIndexDelivery()).isCloseTo(18.2, within(0.05));
        assertThat(alert.getMedicationSafety()).isEmpty();
    }

    @Test
    void case4LaterScansAddRowsWithoutChangingTheCohortSummary() {
        driver.pipeAll(firstSeries());
        Map<String, CohortSummary> before = driver.cohortSummary(Map.of());
        driver.bmdChanges();

        driver.pipeAll(case4Later());

        assertThat(driver.cohortSummaryUpdates()).isEmpty();
        List<BmdChange> rows = driver.bmdChanges();
        assertThat(rows).allMatch(r -> r.getPatientId().equals(SourceCases.patientId(4)))
                .allMatch(r -> !r.getFirstFollowUpAfterEpisode());
        Map<String, BmdChange> byPair = new LinkedHashMap<>();
        rows.forEach(r -> byPair.put(r.getSite() + " " + r.getEarlierScanEventId() + ">" + r.getLaterScanEventId(),
                r));
        assertThat(byPair).containsOnlyKeys(
                "LUMBAR_SPINE src-c4-dxa-followup>src-c4-dxa-prepregnancy",
                "LUMBAR_SPINE src-c4-dxa-prepregnancy>src-c4-dxa-postpartum2",
                "TOTAL_HIP src-c4-dxa-prepregnancy>src-c4-dxa-postpartum2");
        BmdChange hip = byPair.get("TOTAL_HIP src-c4-dxa-prepregnancy>src-c4-dxa-postpartum2");
        assertThat(hip.getDeltaZ()).isCloseTo(-0.4, within(1e-9));
        assertThat(hip.getClassification()).isEqualTo(ChangeClassification.SIGNIFICANT_LOSS);
        BmdChange spine = byPair.get("LUMBAR_SPINE src-c4-dxa-prepregnancy>src-c4-dxa-postpartum2");
        assertThat(spine.getDeltaZ()).isCloseTo(0.9, within(1e-9));
        assertThat(spine.getClassification()).isEqualTo(ChangeClassification.SIGNIFICANT_GAIN);
        assertThat(before).containsKey("LUMBAR_SPINE|CALCIUM_VITAMIN_D");
    }

    @Test
    void everyPatientHasATimelineInClinicalOrder() {
        driver.pipeAll(SourceCases.events());
        Map<String, org.plotracker.contracts.derived.PatientTimeline> latest = new LinkedHashMap<>();
        driver.timelines().forEach(kv -> latest.put(kv.key, kv.value));
        assertThat(latest).containsOnlyKeys(SourceCases.patientIds());
        var case4 = latest.get(SourceCases.patientId(4));
        assertThat(case4.getEventCount()).isEqualTo(SourceCases.eventsFor(SourceCases.patientId(4)).size());
        assertThat(case4.getEntries()).isSortedAccordingTo(java.util.Comparator.comparing(e -> e.getDate()));
        assertThat(case4.getIndexEpisode().getFracturedVertebrae()).hasSize(8);
    }
}
