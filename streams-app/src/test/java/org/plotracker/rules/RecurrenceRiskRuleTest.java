package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrenceRiskRuleTest {

    private final ClinicalRules rules = new ClinicalRules(RulesConfig.defaults());

    /** The codes of the factors after the floor (LATER_PREGNANCY_AFTER_PLO, always first). */
    private static List<String> codes(List<Factor> factors) {
        if (!factors.isEmpty() && factors.get(0).code().equals(RecurrenceRiskRule.BASIS)) {
            factors = factors.subList(1, factors.size());
        }
        return factors.stream().map(Factor::code).toList();
    }

    private RecurrenceAssessment only(PatientHistory h) {
        List<RecurrenceAssessment> all = rules.assess(h).laterPregnancies();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** One vertebra, Z recovered: no factor but the interval; 24 months is the short-interval boundary. */
    @ParameterizedTest(name = "pregnancy {0}: {1}")
    @CsvSource({"2026-01-09, SHORT_INTERVAL_SINCE_INDEX_DELIVERY", "2026-01-11, ''"})
    void aSingleFractureAloneIsModerateAndTheIntervalBoundaryIs24Months(String pregnancyDate, String factor) {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2025-03-12", -0.9).pregnancy(pregnancyDate).build();
        RecurrenceAssessment a = only(h);
        assertThat(a.tier()).isEqualTo(RiskTier.MODERATE);
        assertThat(codes(a.factors())).isEqualTo(factor.isEmpty() ? List.of() : List.of(factor));
    }

    @Test
    void moreThanOneVertebraIsHighOnItsOwn() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "T12", "L1")
                .pregnancy("2027-01-10").build();
        RecurrenceAssessment a = only(h);
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(codes(a.factors())).containsExactly("MULTIPLE_VERTEBRAL_FRACTURES");
        assertThat(a.factors().get(1).evidence()).startsWith("2 vertebrae: T12, L1");
        assertThat(a.factors().get(1).strength()).isEqualTo(EvidenceStrength.COHORT_STUDY);
        assertThat(a.factors().get(1).source()).contains("Kyvernitakis");
    }

    @Test
    void twoWeakerFactorsMakeItHighOneLeavesItModerate() {
        Histories base = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.3).spineZ("2025-03-12", -2.1);
        RecurrenceAssessment one = only(base.pregnancy("2027-01-10").build());
        assertThat(codes(one.factors())).containsExactly("LOW_Z_SCORE", "NO_SIGNIFICANT_RECOVERY");
        assertThat(one.tier()).as("a low Z and no recovery count once").isEqualTo(RiskTier.MODERATE);
        base.treatment("2024-05-01", TreatmentChange.Action.STARTED, Agent.GLUCOCORTICOID);
        RecurrenceAssessment two = only(base.build());
        assertThat(two.tier()).isEqualTo(RiskTier.HIGH);

        RecurrenceAssessment single = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.5).spineZ("2025-03-12", -2.0).pregnancy("2027-01-10").build());
        assertThat(codes(single.factors())).containsExactly("LOW_Z_SCORE");
        assertThat(single.tier()).isEqualTo(RiskTier.MODERATE);

        RulesConfig three = RulesConfig.builder().highTierWeakerFactors(3).build();
        RecurrenceAssessment configured = new ClinicalRules(three).assess(base.build()).laterPregnancies().get(0);
        assertThat(configured.tier()).isEqualTo(RiskTier.MODERATE);
        RulesConfig one1 = RulesConfig.builder().highTierWeakerFactors(1).build();
        assertThat(new ClinicalRules(one1).assess(base.build()).laterPregnancies().get(0).tier())
                .isEqualTo(RiskTier.HIGH);
    }

    @Test
    void denosumabStoppedWithoutFollowOnIsHighAndFollowOnTherapyRemovesIt() {
        Histories base = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .treatment("2024-04-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB)
                .treatment("2025-04-01", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB);
        RecurrenceAssessment stopped = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .treatment("2024-04-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB)
                .treatment("2025-04-01", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .pregnancy("2027-01-10").build());
        assertThat(codes(stopped.factors())).containsExactly("DENOSUMAB_DISCONTINUATION");
        assertThat(stopped.tier()).isEqualTo(RiskTier.HIGH);

        RecurrenceAssessment followedOn = only(base
                .treatment("2025-04-01", TreatmentChange.Action.STARTED, Agent.ZOLEDRONATE)
                .pregnancy("2027-01-10").build());
        assertThat(codes(followedOn.factors())).doesNotContain("DENOSUMAB_DISCONTINUATION");
        assertThat(codes(followedOn.medicationSafety()))
                .containsExactly("BISPHOSPHONATE_EVER_GIVEN", "DENOSUMAB_RECENTLY_STOPPED");
    }

    @Test
    void medicationSafetyIsListedApartAndDoesNotChangeTheTier() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .treatment("2024-04-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                .pregnancy("2027-01-10").build();
        RecurrenceAssessment a = only(h);
        assertThat(a.tier()).isEqualTo(RiskTier.MODERATE);
        assertThat(codes(a.medicationSafety())).containsExactly("TERIPARATIDE_ONGOING");
        assertThat(a.medicationSafety().get(0).evidence()).contains("33.3 months in total");
        assertThat(codes(a.factors())).isEmpty();
    }

    @Test
    void onlyWhatWasKnownOnTheTriggerDateCounts() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .pregnancy("2027-01-10").spineZ("2027-03-01", -2.8).build();
        assertThat(codes(only(h).factors())).isEmpty();
    }

    @Test
    void pregnanciesAreGroupedWithTheirDeliveryAndALaterDeliveryWithoutConfirmationIsLate() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .pregnancy("2026-01-10").pregnancy("2026-02-10").delivery("2026-09-10")
                .delivery("2029-01-10").build();
        List<RecurrenceAssessment> all = rules.assess(h).laterPregnancies();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).pregnancy().lateDetection()).isFalse();
        assertThat(all.get(0).pregnancy().memberEventIds()).hasSize(3);
        assertThat(all.get(1).pregnancy().lateDetection()).isTrue();
        assertThat(all.get(1).headline()).startsWith("Delivery on 2029-01-10 with no pregnancy event before it");
    }

    @Test
    void noIndexEpisodeNoRecurrenceAssessment() {
        PatientHistory h = new Histories().delivery("2024-01-10").spineZ("2024-03-12", -1.0)
                .pregnancy("2026-01-10").build();
        assertThat(rules.assess(h).laterPregnancies()).isEmpty();
    }
}
