package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recurrence risk in a later pregnancy of a patient with an index episode.
 *
 * <p>Every later pregnancy starts at MODERATE (Kyvernitakis et al. 2018: 6 of 30 women pregnant again, 20%, fractured
 * in that pregnancy). Major factors make it HIGH on their own: more than one vertebral fracture at the episode
 * (cohort study) and denosumab ongoing or stopped without follow-on therapy (rebound vertebral fractures). Weaker
 * factors (last Z at or below the low-Z threshold at any site, no significant recovery since the episode, a short
 * interval since the index delivery, heparin or glucocorticoid exposure) make it HIGH when at least
 * {@code highTierWeakerFactors} are present. The assessment uses only what was known on the trigger date.
 */
public final class RecurrenceRiskRule {

    static final String SOURCE_KYVERNITAKIS = "Kyvernitakis et al., Osteoporos Int 2018 (107 patients, median 6 y):"
            + " later fractures 27% with more than one vertebral fracture vs 10% with one or none";
    static final String SOURCE_WEAKER = "Named in the PLO literature with weaker evidence (DOMAIN.md)";
    static final String SOURCE_CUMMINGS = "Cummings et al., JBMR 2018: vertebral fractures 1.2 -> 7.1 per 100"
            + " patient-years after stopping denosumab without follow-on therapy";

    private static final java.util.Set<String> MAJOR = java.util.Set.of("MULTIPLE_VERTEBRAL_FRACTURES",
            "DENOSUMAB_DISCONTINUATION");

    private final RulesConfig config;
    private final BmdComparisonRule comparisons;
    private final BmdChangeAnalysis analysis;
    private final TreatmentExposureRule exposures = new TreatmentExposureRule();
    private final IndexEpisodeRule episodes;

    public RecurrenceRiskRule(RulesConfig config) {
        this.config = config;
        this.episodes = new IndexEpisodeRule(config);
        this.comparisons = new BmdComparisonRule(config);
        this.analysis = new BmdChangeAnalysis(config);
    }

    /**
     * Later pregnancies after the index delivery: each later delivery with the confirmations up to
     * {@code pregnancyLinkDays} before it, then confirmations not linked to a delivery, grouped when within
     * {@code pregnancyLinkDays} of the group's first.
     */
    public List<LaterPregnancy> laterPregnancies(PatientHistory history, IndexEpisode episode) {
        LocalDate indexDate = episode.indexDelivery().date();
        List<PregnancyConfirmation> open = new ArrayList<>(history.pregnancies().stream()
                .filter(p -> p.date().isAfter(indexDate)).toList());
        List<LaterPregnancy> result = new ArrayList<>();
        for (Delivery d : history.deliveries()) {
            if (!d.date().isAfter(indexDate)) {
                continue;
            }
            List<PregnancyConfirmation> linked = open.stream().filter(p -> !p.date().isAfter(d.date())
                    && ClinicalDates.daysBetween(p.date(), d.date()) <= config.pregnancyLinkDays()).toList();
            open.removeAll(linked);
            List<String> members = new ArrayList<>(linked.stream().map(PregnancyConfirmation::eventId).toList());
            members.add(d.eventId());
            result.add(linked.isEmpty()
                    ? new LaterPregnancy(d.eventId(), d.date(), true, members)
                    : new LaterPregnancy(linked.get(0).eventId(), linked.get(0).date(), false, members));
        }
        while (!open.isEmpty()) {
            PregnancyConfirmation first = open.get(0);
            List<PregnancyConfirmation> group = open.stream().filter(p ->
                    ClinicalDates.daysBetween(first.date(), p.date()) <= config.pregnancyLinkDays()).toList();
            open.removeAll(group);
            result.add(new LaterPregnancy(first.eventId(), first.date(), false,
                    group.stream().map(PregnancyConfirmation::eventId).toList()));
        }
        result.sort(Comparator.comparing(LaterPregnancy::triggerDate));
        return result;
    }

    /** Assesses one later pregnancy with what was known on its trigger date. */
    public RecurrenceAssessment assess(PatientHistory fullHistory, IndexEpisode knownEpisode,
                                       LaterPregnancy pregnancy) {
        PatientHistory history = fullHistory.asOf(pregnancy.triggerDate());
        IndexEpisode episode = episodes.find(history).orElse(knownEpisode);
        LocalDate day = pregnancy.triggerDate();
        double months = ClinicalDates.monthsBetween(episode.indexDelivery().date(), day);
        List<Factor> factors = new ArrayList<>();

        if (episode.fracturedVertebrae().size() > 1) {
            factors.add(new Factor("MULTIPLE_VERTEBRAL_FRACTURES", "More than one vertebral fracture at the index"
                    + " episode", episode.fracturedVertebrae().size() + " vertebrae: " + String.join(", ",
                    episode.fracturedVertebrae()) + " (" + String.join(", ", episode.qualifyingEventIds()) + ")",
                    SOURCE_KYVERNITAKIS, EvidenceStrength.COHORT_STUDY));
        }
        lowZ(history).ifPresent(factors::add);
        noRecovery(history, episode).ifPresent(factors::add);
        if (months < config.shortIntervalMonths()) {
            factors.add(new Factor("SHORT_INTERVAL_SINCE_INDEX_DELIVERY", "Pregnancy less than "
                    + config.shortIntervalMonths() + " months after the index delivery", Numbers.format(months)
                    + " months from the delivery of " + episode.indexDelivery().date() + " ("
                    + episode.indexDelivery().eventId() + ") to " + day + " (" + pregnancy.triggerEventId() + ")",
                    SOURCE_WEAKER + "; threshold is a project default", EvidenceStrength.EXPERT_OPINION));
        }
        denosumab(history, day).ifPresent(factors::add);
        List<String> exposures = history.treatments().stream()
                .filter(t -> t.agent() == Agent.LMW_HEPARIN || t.agent() == Agent.GLUCOCORTICOID)
                .map(t -> t.agent() + " " + t.action().name().toLowerCase() + " " + t.date() + " (" + t.eventId()
                        + ")").toList();
        if (!exposures.isEmpty()) {
            factors.add(new Factor("HEPARIN_OR_GLUCOCORTICOID_EXPOSURE", "Heparin or glucocorticoid exposure",
                    String.join("; ", exposures), SOURCE_WEAKER, EvidenceStrength.EXPERT_OPINION));
        }

        long major = factors.stream().filter(f -> MAJOR.contains(f.code())).count();
        long weaker = factors.size() - major;
        RiskTier tier = major > 0 || weaker >= config.highTierWeakerFactors() ? RiskTier.HIGH : RiskTier.MODERATE;
        String headline = (pregnancy.lateDetection() ? "Delivery on " + day + " with no pregnancy event before it"
                : "Pregnancy confirmed on " + day) + ", " + Numbers.format(months)
                + " months after the index delivery: " + tier + " recurrence-risk tier (" + factors.size()
                + (factors.size() == 1 ? " factor)" : " factors)");
        return new RecurrenceAssessment(pregnancy, episode, tier, months, factors, medicationSafety(history, day),
                headline);
    }

    private Optional<Factor> lowZ(PatientHistory history) {
        Map<Site, String> low = new LinkedHashMap<>();
        for (Site site : Site.values()) {
            history.scans().stream().filter(s -> s.at(site).map(m -> m.zScore() != null).orElse(false))
                    .reduce((a, b) -> b)
                    .ifPresent(scan -> {
                        double z = scan.at(site).orElseThrow().zScore();
                        if (z <= config.lowZScore() + Numbers.TOLERANCE) {
                            low.put(site, site + " Z " + Numbers.format(z) + " on " + scan.date() + " ("
                                    + scan.eventId() + ")");
                        }
                    });
        }
        if (low.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Factor("LOW_Z_SCORE", "Last Z-score at or below " + Numbers.format(config.lowZScore())
                + " at " + (low.size() == 1 ? "one site" : low.size() + " sites"), String.join("; ", low.values()),
                SOURCE_WEAKER + "; " + RulesConfig.SOURCE_ISCD_Z, EvidenceStrength.EXPERT_OPINION));
    }

    /** No site shows a significant gain from the baseline scan to the last scan before the trigger. */
    private Optional<Factor> noRecovery(PatientHistory history, IndexEpisode episode) {
        Optional<DxaScan> baseline = analysis.baselineScan(history, episode);
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        List<String> judged = new ArrayList<>();
        for (Measurement first : baseline.get().measurements()) {
            Optional<DxaScan> last = history.scans().stream()
                    .filter(s -> s.date().isAfter(baseline.get().date()) && s.at(first.site()).isPresent())
                    .reduce((a, b) -> b);
            if (last.isEmpty()) {
                continue;
            }
            Comparison c = comparisons.compare(baseline.get().device(), first, last.get().device(),
                    last.get().at(first.site()).orElseThrow());
            if (!c.comparable()) {
                continue;
            }
            if (c.classification() == Classification.SIGNIFICANT_GAIN) {
                return Optional.empty();
            }
            judged.add(first.site() + " " + BmdChangeAnalysis.describe(c) + " from " + baseline.get().date() + " to "
                    + last.get().date());
        }
        if (judged.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Factor("NO_SIGNIFICANT_RECOVERY", "No significant BMD gain at any site since the"
                + " episode", String.join("; ", judged), SOURCE_WEAKER, EvidenceStrength.EXPERT_OPINION));
    }

    private Optional<Factor> denosumab(PatientHistory history, LocalDate day) {
        List<TreatmentExposureRule.Period> periods = exposures.periods(history.treatments());
        Optional<TreatmentExposureRule.Period> last = periods.stream().filter(p -> p.agent() == Agent.DENOSUMAB)
                .max(Comparator.comparing(TreatmentExposureRule.Period::start));
        if (last.isEmpty()) {
            return Optional.empty();
        }
        TreatmentExposureRule.Period p = last.get();
        if (p.stop() == null) {
            return Optional.of(new Factor("DENOSUMAB_DISCONTINUATION", "Denosumab ongoing: stopping it without"
                    + " follow-on therapy is followed by rebound vertebral fractures", "Denosumab since " + p.start(),
                    SOURCE_CUMMINGS, EvidenceStrength.COHORT_STUDY));
        }
        boolean followOn = periods.stream().anyMatch(o -> o.agent() != Agent.DENOSUMAB
                && o.agent().isOsteoporosisTherapy() && !o.start().isBefore(p.stop().minusDays(1)));
        if (followOn) {
            return Optional.empty();
        }
        return Optional.of(new Factor("DENOSUMAB_DISCONTINUATION", "Denosumab stopped without follow-on therapy",
                "Denosumab " + p.start() + " to " + p.stop() + "; no osteoporosis therapy recorded after it",
                SOURCE_CUMMINGS, EvidenceStrength.COHORT_STUDY));
    }

    private List<Factor> medicationSafety(PatientHistory history, LocalDate day) {
        List<Factor> items = new ArrayList<>();
        List<String> bisphosphonates = history.treatments().stream().filter(t -> t.agent().isBisphosphonate())
                .map(t -> t.agent() + " " + t.action().name().toLowerCase() + " " + t.date() + " (" + t.eventId()
                        + ")").toList();
        if (!bisphosphonates.isEmpty()) {
            items.add(new Factor("BISPHOSPHONATE_EVER_GIVEN", "Bisphosphonate given: it stays in bone for years;"
                    + " fetal exposure is a concern", String.join("; ", bisphosphonates),
                    "UKTIS 2022: bisphosphonates are stopped before conception", EvidenceStrength.GUIDELINE));
        }
        List<TreatmentExposureRule.Period> periods = exposures.periods(history.treatments());
        periods.stream().filter(p -> p.agent() == Agent.TERIPARATIDE && p.ongoingOn(day)).findFirst()
                .ifPresent(p -> {
                    long total = periods.stream().filter(q -> q.agent() == Agent.TERIPARATIDE)
                            .mapToLong(q -> ClinicalDates.daysBetween(q.start(), q.stop() == null ? day : q.stop()))
                            .sum();
                    items.add(new Factor("TERIPARATIDE_ONGOING", "Teriparatide ongoing on the trigger date: it is"
                            + " not used in pregnancy", "Teriparatide since " + p.start() + "; " + Numbers.format(
                            Numbers.round(total / ClinicalDates.DAYS_PER_MONTH, 1))
                            + " months in total (EU lifetime limit about 24 months)",
                            "Product label (teriparatide SmPC)", EvidenceStrength.PRODUCT_LABEL));
                });
        return items;
    }
}
