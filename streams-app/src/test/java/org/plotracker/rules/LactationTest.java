package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Item 6 of issue 14: a spine loss during lactation is stated as such and its severity accounts for it. */
class LactationTest {

    private static ScanPair spinePair(RulesConfig config, PatientHistory history) {
        return new ClinicalRules(config).assess(history).pairs().stream()
                .filter(p -> p.site() == Site.LUMBAR_SPINE).reduce((a, b) -> b).orElseThrow();
    }

    /** A woman without PLO: spine scan before delivery, a second 4 months after a breast-fed delivery. */
    private static Histories lactating(double laterBmd) {
        return new Histories().spineBmd("2024-01-10", 1.000).breastFeedingDelivery("2024-06-01")
                .spineBmd("2024-10-01", laterBmd);
    }

    @Test
    void aSpineLossWithinTheLactationPeriodIsStatedAsSuchAndLoweredOneStep() {
        ScanPair p = spinePair(RulesConfig.defaults(), lactating(0.930).build());
        assertThat(p.comparison().classification()).isEqualTo(Classification.SIGNIFICANT_LOSS);
        assertThat(p.severity()).isEqualTo(Severity.INFO);
        assertThat(p.headline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE during lactation with no recorded bone"
                + " treatment; 3-10% spine loss is expected during lactation and usually regained after weaning");
        assertThat(p.severityFactors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("LOSS_DURING_LACTATION");
            assertThat(f.description()).contains("severity lowered one step");
            assertThat(f.evidence()).contains("2024-06-01").contains("lactation period 6 months");
            assertThat(f.source()).contains("Kovacs, Physiol Rev 2016").contains("Kalkwarf & Specker");
        });
        assertThat(p.alertWorthy()).isTrue();
    }

    @Test
    void theSameLossWithoutBreastFeedingIsAnOrdinaryModerateLoss() {
        PatientHistory h = new Histories().spineBmd("2024-01-10", 1.000).delivery("2024-06-01")
                .spineBmd("2024-10-01", 0.930).build();
        ScanPair p = spinePair(RulesConfig.defaults(), h);
        assertThat(p.severity()).isEqualTo(Severity.MODERATE);
        assertThat(p.headline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE with no recorded bone treatment");
        assertThat(p.severityFactors()).isEmpty();
    }

    @Test
    void theLactationPeriodEndsAfterTheConfiguredMonths() {
        // 6 months after 2024-06-01 is 2024-12-01: included; the day after is not
        PatientHistory atEnd = new Histories().spineBmd("2024-01-10", 1.000).breastFeedingDelivery("2024-06-01")
                .spineBmd("2024-12-01", 0.930).build();
        assertThat(spinePair(RulesConfig.defaults(), atEnd).headline()).contains("during lactation");
        PatientHistory after = new Histories().spineBmd("2024-01-10", 1.000).breastFeedingDelivery("2024-06-01")
                .spineBmd("2024-12-02", 0.930).build();
        assertThat(spinePair(RulesConfig.defaults(), after).headline()).doesNotContain("lactation");
        assertThat(spinePair(RulesConfig.builder().lactationMonths(9).build(), after).headline())
                .contains("during lactation");
    }

    @Test
    void aLossBeyondTheExpectedRangeIsStatedButNotLowered() {
        ScanPair p = spinePair(RulesConfig.defaults(), lactating(0.880).build());
        assertThat(p.severity()).isEqualTo(Severity.MODERATE);
        assertThat(p.severityFactors()).singleElement().satisfies(f ->
                assertThat(f.description()).contains("not lowered (the loss is beyond the expected range)"));
        // exactly at the expected 10 % still counts as expected
        assertThat(spinePair(RulesConfig.defaults(), lactating(0.900).build()).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void loweringIsConfigurable() {
        assertThat(spinePair(RulesConfig.builder().lactationSeverityStepsDown(0).build(), lactating(0.930).build())
                .severity()).isEqualTo(Severity.MODERATE);
    }

    @Test
    void otherFactorsStillRaiseALactationLoss() {
        PatientHistory h = lactating(0.930).treatment("2024-06-15", TreatmentChange.Action.STARTED,
                Agent.CALCIUM_VITAMIN_D).fracture("2024-09-01", "L1").build();
        ScanPair p = spinePair(RulesConfig.defaults(), h);
        assertThat(p.severity()).isEqualTo(Severity.HIGH);
        assertThat(p.severityFactors()).extracting(Factor::code)
                .containsExactly("LOSS_DURING_LACTATION", "LOSS_WHILE_ON_TREATMENT", "LOSS_WITH_NEW_FRACTURE");
    }

    @Test
    void onlyTheSpineIsJudgedAgainstLactation() {
        PatientHistory h = new Histories()
                .scan("2024-01-10", new Measurement(Site.TOTAL_HIP, null, 1.000, null, null))
                .breastFeedingDelivery("2024-06-01")
                .scan("2024-10-01", new Measurement(Site.TOTAL_HIP, null, 0.930, null, null)).build();
        ScanPair p = new ClinicalRules(RulesConfig.defaults()).assess(h).pairs().get(0);
        assertThat(p.severity()).isEqualTo(Severity.MODERATE);
        assertThat(p.headline()).doesNotContain("lactation");
    }

    @Test
    void aZScoreLossCannotBeSetAgainstThePercentRange() {
        PatientHistory h = new Histories().spineZ("2024-01-10", -1.0).breastFeedingDelivery("2024-06-01")
                .spineZ("2024-10-01", -1.5).build();
        ScanPair p = spinePair(RulesConfig.defaults(), h);
        assertThat(p.severity()).isEqualTo(Severity.MODERATE);
        assertThat(p.headline()).contains("during lactation");
        assertThat(p.severityFactors()).extracting(Factor::description).singleElement().asString()
                .contains("a Z-score change cannot be set against the % range");
        assertThat(List.of(p.severityFactors().get(0).strength())).containsExactly(EvidenceStrength.COHORT_STUDY);
    }
}
