package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Items 4, 5, 7, 8, 9 and 10 of issue 14: the basis of a recurrence tier, denosumab, teriparatide, sources. */
class RecurrenceBasisTest {

    private final ClinicalRules rules = new ClinicalRules(RulesConfig.defaults());

    private RecurrenceAssessment only(PatientHistory h) {
        List<RecurrenceAssessment> all = rules.assess(h).laterPregnancies();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static List<String> codes(List<Factor> factors) {
        return factors.stream().map(Factor::code).toList();
    }

    // ---- item 4: low BMD without a fracture --------------------------------------------------------------------

    @Test
    void lowBmdWithoutAFractureIsItsOwnKindAndGetsNoRecurrenceTier() {
        PatientHistory h = new Histories().delivery("2024-01-10").spineZ("2024-04-10", -2.3)
                .pregnancy("2025-06-10").build();
        PatientAssessment a = rules.assess(h);
        assertThat(a.episode()).hasValueSatisfying(e ->
                assertThat(e.kind()).isEqualTo(IndexEpisode.Kind.LOW_BMD_POSTPARTUM));
        assertThat(a.laterPregnancies()).as("no recurrence figure exists for low BMD without a fracture").isEmpty();
        assertThat(new RecurrenceRiskRule(RulesConfig.defaults()).laterPregnancies(h, a.episode().orElseThrow()))
                .isEmpty();
    }

    @Test
    void theLowBmdFindingIsNamedAsSuchInAPersistentLowZFactor() {
        PatientHistory h = new Histories().delivery("2024-01-10").spineZ("2024-04-10", -2.3)
                .spineZ("2025-05-10", -2.2).build();
        ScanPair p = rules.assess(h).pairs().get(0);
        assertThat(p.severityFactors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("Z_SCORE_STILL_LOW");
            assertThat(f.description()).endsWith("after the low-BMD finding");
            assertThat(f.evidence()).endsWith("after the low-BMD finding of 2024-04-10 (no fracture)");
        });
    }

    // ---- item 5: the MODERATE floor states its basis -----------------------------------------------------------

    @Test
    void aModerateAlertWithNoFactorStatesWhyItIsModerateAndThatRecoveryCouldNotBeAssessed() {
        PatientHistory h = new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .pregnancy("2026-06-10").build();
        RecurrenceAssessment a = only(h);
        assertThat(a.tier()).isEqualTo(RiskTier.MODERATE);
        assertThat(a.factors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("LATER_PREGNANCY_AFTER_PLO");
            assertThat(f.description()).isEqualTo("Later pregnancy after PLO: tier at least MODERATE (no further"
                    + " factor)");
            assertThat(f.evidence()).isEqualTo("Index episode 2024-03-10: fragility fractures of 1 vertebra after the"
                    + " delivery of 2024-01-10; BMD recovery since the episode: not assessed, no DXA since the"
                    + " episode");
            assertThat(f.source()).isEqualTo("Kyvernitakis et al., Osteoporos Int 2018: 6 of the 30 women with PLO"
                    + " who became pregnant again (20%) fractured in that pregnancy");
            assertThat(f.strength()).isEqualTo(EvidenceStrength.COHORT_STUDY);
        });
        assertThat(a.headline()).isEqualTo("Pregnancy confirmed on 2026-06-10, 29 months after the PLO index"
                + " delivery; no factor beyond the later pregnancy itself");
    }

    @Test
    void theBasisSaysWhetherRecoveryWasAssessed() {
        RecurrenceAssessment baselineOnly = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).pregnancy("2026-06-10").build());
        assertThat(baselineOnly.factors().get(0).evidence())
                .endsWith("not assessed, no DXA after the baseline scan of 2024-03-12");
        RecurrenceAssessment recovered = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2025-03-12", -0.9).pregnancy("2026-06-10").build());
        assertThat(recovered.factors().get(0).evidence()).endsWith("assessed, significant gain at LUMBAR_SPINE"
                + " delta Z +0.6 (threshold 0.4) from 2024-03-12 to 2025-03-12");
        RecurrenceAssessment notRecovered = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -1.5).spineZ("2025-03-12", -1.4).pregnancy("2026-06-10").build());
        assertThat(notRecovered.factors().get(0).evidence())
                .endsWith("assessed, no significant gain at any comparable site");
        assertThat(codes(notRecovered.factors())).containsExactly("LATER_PREGNANCY_AFTER_PLO",
                "NO_SIGNIFICANT_RECOVERY");
    }

    // ---- item 8: correlated factors count once -----------------------------------------------------------------

    @Test
    void aLowZAndNoRecoveryCountOnceTowardTheTier() {
        RecurrenceAssessment a = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .spineZ("2024-03-12", -2.3).spineZ("2025-03-12", -2.1).pregnancy("2026-06-10").build());
        assertThat(codes(a.factors())).containsExactly("LATER_PREGNANCY_AFTER_PLO", "LOW_Z_SCORE",
                "NO_SIGNIFICANT_RECOVERY");
        assertThat(a.tier()).isEqualTo(RiskTier.MODERATE);
        assertThat(a.factors().get(2).description()).endsWith("(counted once with LOW_Z_SCORE toward the tier: both"
                + " describe BMD that has not recovered)");
        assertThat(a.headline()).isEqualTo("Pregnancy confirmed on 2026-06-10, 29 months after the PLO index"
                + " delivery; factors: last Z-score at or below -2.0; no significant BMD gain since the episode");
    }

    // ---- item 7: denosumab -------------------------------------------------------------------------------------

    private static Histories denosumab() {
        return new Histories().delivery("2020-01-10").fracture("2020-03-10", "L1")
                .treatment("2020-04-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB);
    }

    @Test
    void anOngoingCourseIsNamedForWhatItIsAndListedForThePregnancy() {
        RecurrenceAssessment a = only(denosumab().pregnancy("2026-06-10").build());
        assertThat(codes(a.factors())).containsExactly("LATER_PREGNANCY_AFTER_PLO", "DENOSUMAB_ONGOING");
        assertThat(a.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(a.factors().get(1).strength()).isEqualTo(EvidenceStrength.RCT_POST_HOC);
        assertThat(a.factors().get(1).source()).contains("post-hoc analysis of the FREEDOM trial");
        assertThat(codes(a.medicationSafety())).containsExactly("DENOSUMAB_ONGOING");
    }

    @Test
    void theReboundFactorIsBoundedByTheTimeSinceTheLastDose() {
        // stopped 2024-06-10: 24 months later is 2026-06-10, still within; a day later, not
        RecurrenceAssessment within = only(denosumab()
                .treatment("2024-06-10", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .pregnancy("2026-06-10").build());
        assertThat(codes(within.factors())).containsExactly("LATER_PREGNANCY_AFTER_PLO", "DENOSUMAB_DISCONTINUATION");
        assertThat(within.tier()).isEqualTo(RiskTier.HIGH);
        Factor f = within.factors().get(1);
        assertThat(f.strength()).isEqualTo(EvidenceStrength.RCT_POST_HOC);
        assertThat(f.description()).isEqualTo("Denosumab stopped without follow-on therapy 24 months before the"
                + " trigger (within 24 months of the last dose)");
        assertThat(codes(within.medicationSafety())).containsExactly("DENOSUMAB_RECENTLY_STOPPED");

        RecurrenceAssessment beyond = only(denosumab()
                .treatment("2024-06-10", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .pregnancy("2026-06-11").build());
        assertThat(codes(beyond.factors())).containsExactly("LATER_PREGNANCY_AFTER_PLO");
        assertThat(beyond.tier()).isEqualTo(RiskTier.MODERATE);
        assertThat(beyond.medicationSafety()).isEmpty();

        // the probe: a stop ten years ago no longer makes the tier HIGH
        RecurrenceAssessment longAgo = only(new Histories().delivery("2014-01-10").fracture("2014-03-10", "L1")
                .treatment("2014-04-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB)
                .treatment("2015-04-01", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .pregnancy("2025-04-01").build());
        assertThat(longAgo.tier()).isEqualTo(RiskTier.MODERATE);

        RulesConfig longer = RulesConfig.builder().denosumabReboundMonths(36).build();
        assertThat(new ClinicalRules(longer).assess(denosumab()
                .treatment("2024-06-10", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .pregnancy("2026-06-11").build()).laterPregnancies().get(0).tier()).isEqualTo(RiskTier.HIGH);
    }

    // ---- item 9: teriparatide whenever given -------------------------------------------------------------------

    @Test
    void theTeriparatideLifetimeTotalIsShownWhenTheCourseHasEnded() {
        RecurrenceAssessment a = only(new Histories().delivery("2024-01-10").fracture("2024-03-10", "L1")
                .treatment("2024-04-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                .treatment("2025-10-01", TreatmentChange.Action.STOPPED, Agent.TERIPARATIDE)
                .pregnancy("2026-06-10").build());
        assertThat(a.medicationSafety()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("TERIPARATIDE_GIVEN");
            assertThat(f.evidence()).isEqualTo("Last course 2024-04-01 to 2025-10-01; 18 months in total (EU"
                    + " lifetime limit 24 months)");
            assertThat(f.strength()).isEqualTo(EvidenceStrength.PRODUCT_LABEL);
        });
    }

    // ---- item 10: every source is citable ----------------------------------------------------------------------

    /** Starts with: Author et al., Journal Year / an organisation with a year / a product label / project policy. */
    private static final Pattern CITABLE = Pattern.compile(
            "(project policy|[A-Z][A-Za-z]+( et al\\.| & [A-Z][A-Za-z]+)?,? [A-Z][A-Za-z .]+ (19|20)\\d\\d"
                    + "|ISCD .*J Clin Densitom 2006|UKTIS 2022|[A-Za-z]+ SmPC).*");

    @Test
    void everySourceOfEveryFactorIsTheLiteratureOrProjectPolicy() {
        PatientHistory rich = new Histories().breastFeedingDelivery("2024-01-10")
                .fracture("2024-03-10", "T12", "L1").spineBmd("2024-03-12", 0.800)
                .treatment("2024-03-12", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                .treatment("2024-04-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB)
                .treatment("2024-05-01", TreatmentChange.Action.STARTED, Agent.LMW_HEPARIN)
                .treatment("2024-05-02", TreatmentChange.Action.STARTED, Agent.ORAL_BISPHOSPHONATE)
                .treatment("2024-05-03", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                .spineBmd("2024-06-12", 0.740).fracture("2024-06-01", "L2")
                .scan("2025-03-12", new Measurement(Site.LUMBAR_SPINE, "L1-L4", 0.700, null, -2.4))
                .scan("2025-03-13", new Measurement(Site.LUMBAR_SPINE, "L1-L4", 0.690, null, -2.5))
                .pregnancy("2025-06-10").build();
        PatientAssessment a = rules.assess(rich);
        List<Factor> all = new ArrayList<>();
        a.pairs().forEach(p -> all.addAll(p.severityFactors()));
        a.laterPregnancies().forEach(r -> {
            all.addAll(r.factors());
            all.addAll(r.medicationSafety());
        });
        assertThat(codes(all)).contains("LOSS_DURING_LACTATION", "LOSS_WHILE_ON_TREATMENT", "LOSS_WITH_NEW_FRACTURE",
                "Z_SCORE_STILL_LOW", "LATER_PREGNANCY_AFTER_PLO", "MULTIPLE_VERTEBRAL_FRACTURES", "LOW_Z_SCORE",
                "NO_SIGNIFICANT_RECOVERY", "SHORT_INTERVAL_SINCE_INDEX_DELIVERY", "DENOSUMAB_ONGOING",
                "HEPARIN_OR_GLUCOCORTICOID_EXPOSURE", "BISPHOSPHONATE_EVER_GIVEN", "TERIPARATIDE_ONGOING");
        assertThat(all).allSatisfy(f -> {
            assertThat(f.source()).as(f.code()).doesNotContainIgnoringCase("issue").doesNotContain("DOMAIN.md");
            assertThat(CITABLE.matcher(f.source()).lookingAt()).as(f.code() + ": " + f.source()).isTrue();
        });
        List<String> thresholdSources = a.pairs().stream().map(p -> p.comparison().thresholdSource())
                .filter(s -> s != null).toList();
        assertThat(thresholdSources).isNotEmpty().allSatisfy(s -> assertThat(s).doesNotContainIgnoringCase("issue"));
    }
}
