package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BmdChangeSeverityTest {

    private final RulesConfig config = RulesConfig.defaults();
    private final BmdChangeAnalysis analysis = new BmdChangeAnalysis(config);
    private final IndexEpisodeRule episodes = new IndexEpisodeRule(config);

    private List<ScanPair> pairs(PatientHistory h) {
        return analysis.pairs(h, episodes.find(h));
    }

    private static List<String> codes(ScanPair p) {
        return p.severityFactors().stream().map(Factor::code).toList();
    }

    @Test
    void lossWithoutTreatmentIsModerateAndOnTreatmentHigh() {
        Histories base = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2024-12-12", -1.9);
        ScanPair untreated = pairs(base.build()).get(0);
        assertThat(untreated.comparison().classification()).isEqualTo(Classification.SIGNIFICANT_LOSS);
        assertThat(untreated.severity()).isEqualTo(Severity.MODERATE);
        assertThat(untreated.alertWorthy()).isTrue();
        assertThat(untreated.headline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE with no recorded bone treatment");

        ScanPair treated = pairs(base.treatment("2024-03-12", TreatmentChange.Action.STARTED,
                Agent.DENOSUMAB).build()).get(0);
        assertThat(treated.severity()).isEqualTo(Severity.HIGH);
        assertThat(codes(treated)).containsExactly("LOSS_WHILE_ON_TREATMENT");
        assertThat(treated.headline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE while on DENOSUMAB");
    }

    @Test
    void aNewFractureBetweenTheScansRaisesALossAndSeverityIsCappedAtHigh() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).fracture("2024-12-12", "L3").spineZ("2024-12-12", -1.9)
                .treatment("2024-03-12", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D).build();
        ScanPair p = pairs(h).get(0);
        assertThat(codes(p)).containsExactly("LOSS_WHILE_ON_TREATMENT", "LOSS_WITH_NEW_FRACTURE");
        assertThat(p.severity()).isEqualTo(Severity.HIGH);
        // a fracture on the day of the earlier scan is not "since the earlier scan"
        PatientHistory sameDay = new Histories().delivery("2024-01-10").fracture("2024-03-12", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2024-12-12", -1.9).build();
        assertThat(codes(pairs(sameDay).get(0))).isEmpty();
    }

    @Test
    void zStillLowAYearOrMoreAfterTheEpisodeRaisesAStablePairToModerate() {
        // episode 2024-03-10; 12 months later is 2025-03-10
        ScanPair before = pairs(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.2).spineZ("2025-03-09", -2.1).build()).get(0);
        assertThat(codes(before)).isEmpty();
        assertThat(before.alertWorthy()).isFalse();
        assertThat(before.severity()).isEqualTo(Severity.INFO);

        ScanPair at = pairs(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.2).spineZ("2025-03-10", -2.0).build()).get(0);
        assertThat(codes(at)).containsExactly("Z_SCORE_STILL_LOW");
        assertThat(at.severity()).isEqualTo(Severity.MODERATE);
        assertThat(at.alertWorthy()).isTrue();

        ScanPair notLow = pairs(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.2).spineZ("2025-03-10", -1.9).build()).get(0);
        assertThat(codes(notLow)).isEmpty();
    }

    @Test
    void theFirstFollowUpPairIsBaselineToTheNextScan() {
        PatientHistory h = new Histories().delivery("2024-01-10").spineZ("2023-06-01", -1.0)
                .fracture("2024-03-10", "L1").spineZ("2024-02-01", -2.2).spineZ("2024-12-01", -2.0)
                .spineZ("2025-12-01", -1.8).build();
        List<ScanPair> pairs = pairs(h);
        assertThat(pairs).hasSize(3);
        assertThat(pairs).extracting(ScanPair::firstFollowUpAfterEpisode).containsExactly(false, true, false);
        // a scan within the 90-day work-up before the fracture diagnosis is the baseline
        assertThat(pairs.get(1).earlierScan().date()).hasToString("2024-02-01");
        assertThat(analysis.pairs(h, Optional.empty())).extracting(ScanPair::firstFollowUpAfterEpisode)
                .containsOnly(false);
    }

    @Test
    void scansRecordedSeparatelyOnTheBaselineAndFollowUpDaysFormTheFirstFollowUpPairAtEachSite() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.2)
                .scan("2024-03-12", new Measurement(Site.TOTAL_HIP, null, null, null, -1.5))
                .spineZ("2024-12-01", -2.0)
                .scan("2024-12-01", new Measurement(Site.TOTAL_HIP, null, null, null, -1.1)).build();
        List<ScanPair> pairs = pairs(h);
        assertThat(pairs).extracting(p -> p.site() + " " + p.firstFollowUpAfterEpisode())
                .containsExactly("LUMBAR_SPINE true", "TOTAL_HIP true");
    }

    @Test
    void gainsAndStablePairsWithoutFactorsAreNotAlertWorthy() {
        ScanPair gain = pairs(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2024-12-12", -1.0).build()).get(0);
        assertThat(gain.comparison().classification()).isEqualTo(Classification.SIGNIFICANT_GAIN);
        assertThat(gain.alertWorthy()).isFalse();
        assertThat(gain.headline()).startsWith("Gain beyond LSC at LUMBAR_SPINE");
    }
}
