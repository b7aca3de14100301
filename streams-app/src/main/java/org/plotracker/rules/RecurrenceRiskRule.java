package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recurrence risk in a later pregnancy of a patient with a PLO index episode (fragility fractures). A low-BMD episode
 * without a fracture gets no recurrence tier: PLO is defined by fractures and the recurrence figures are for women who
 * fractured ({@link RulesConfig#SOURCE_LOW_BMD_EPISODE}).
 *
 * <p>Every later pregnancy starts at MODERATE, stated as the first factor {@code LATER_PREGNANCY_AFTER_PLO} with
 * whether BMD recovery since the episode was assessed (Kyvernitakis et al. 2018: 6 of 30 women pregnant again, 20%,
 * fractured in that pregnancy). Major factors make it HIGH on their own: more than one vertebral fracture at the
 * episode (cohort study), a denosumab course ongoing on the trigger date, and denosumab stopped without follow-on
 * therapy within {@code denosumabReboundMonths} of its last dose (post-hoc analysis of a randomised trial). Weaker
 * factors (last Z at or below the low-Z threshold at any site, no significant recovery since the episode, a short
 * interval since the index delivery, heparin or glucocorticoid exposure) make it HIGH when at least
 * {@code highTierWeakerFactors} are present; a low Z and no recovery describe the same unrecovered BMD and count as
 * one. The assessment uses only what was known on the trigger date.
 */
public final class RecurrenceRiskRule {

    /** The floor of every later pregnancy: listed first, never counted toward HIGH. */
    static final String BASIS = "LATER_PREGNANCY_AFTER_PLO";
    private static final Set<String> MAJOR = Set.of("MULTIPLE_VERTEBRAL_FRACTURES", "DENOSUMAB_ONGOING",
            "DENOSUMAB_DISCONTINUATION");
    /** Weaker factors describing the same thing: counted once toward the tier. */
    private static final Set<String> UNRECOVERED_BMD = Set.of("LOW_Z_SCORE", "NO_SIGNIFICANT_RECOVERY");

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
     * {@code pregnancyLinkDays} of the group's first. None for an episode without a fracture (no recurrence tier).
     */
    public List<LaterPregnancy> laterPregnancies(PatientHistory history, IndexEpisode episode) {
        if (episode.kind() != IndexEpisode.Kind.FRAGILITY_FRACTURE) {
            return List.of();
        }
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
        IndexEpisode episode = episodes.find(history).filter(e -> e.kind() == IndexEpisode.Kind.FRAGILITY_FRACTURE)
                .orElse(knownEpisode);
        LocalDate day = pregnancy.triggerDate();
        double months = ClinicalDates.monthsBetween(episode.indexDelivery().date(), day);
        List<Factor> factors = new ArrayList<>();

        if (episode.fracturedVertebrae().size() > 1) {
            factors.add(new Factor("MULTIPLE_VERTEBRAL_FRACTURES", "More than one vertebral fracture at the index"
                    + " episode", episode.fracturedVertebrae().size() + " vertebrae: " + String.join(", ",
                    episode.fracturedVertebrae()) + " (" + String.join(", ", episode.qualifyingEventIds()) + ")",
                    RulesConfig.SOURCE_KYVERNITAKIS_MULTIPLE, EvidenceStrength.COHORT_STUDY));
        }
        Optional<Factor> lowZ = lowZ(history);
        Recovery recovery = recovery(history, episode);
        lowZ.ifPresent(factors::add);
        if (recovery.noRecovery() != null) {
            factors.add(lowZ.isPresent() ? withCountedOnce(recovery.noRecovery()) : recovery.noRecovery());
        }
        if (months < config.shortIntervalMonths()) {
            factors.add(new Factor("SHORT_INTERVAL_SINCE_INDEX_DELIVERY", "Pregnancy less than "
                    + config.shortIntervalMonths() + " months after the index delivery", Numbers.format(months)
                    + " months from the delivery of " + episode.indexDelivery().date() + " ("
                    + episode.indexDelivery().eventId() + ") to " + day + " (" + pregnancy.triggerEventId() + ")",
                    RulesConfig.SOURCE_SHORT_INTERVAL, EvidenceStrength.EXPERT_OPINION));
        }
        denosumab(history, day).ifPresent(factors::add);
        List<String> exposures = history.treatments().stream()
                .filter(t -> t.agent() == Agent.LMW_HEPARIN || t.agent() == Agent.GLUCOCORTICOID)
                .map(t -> t.agent() + " " + t.action().name().toLowerCase() + " " + t.date() + " (" + t.eventId()
                        + ")").toList();
        if (!exposures.isEmpty()) {
            factors.add(new Factor("HEPARIN_OR_GLUCOCORTICOID_EXPOSURE", "Heparin or glucocorticoid exposure",
                    String.join("; ", exposures), RulesConfig.SOURCE_HEPARIN_GLUCOCORTICOID,
                    EvidenceStrength.EXPERT_OPINION));
        }

        long major = factors.stream().filter(f -> MAJOR.contains(f.code())).count();
        long unrecovered = factors.stream().filter(f -> UNRECOVERED_BMD.contains(f.code())).count();
        long weaker = factors.size() - major - unrecovered + Math.min(unrecovered, 1);
        RiskTier tier = major > 0 || weaker >= config.highTierWeakerFactors() ? RiskTier.HIGH : RiskTier.MODERATE;
        List<Factor> all = new ArrayList<>();
        all.add(basis(episode, recovery, tier, factors.isEmpty()));
        all.addAll(factors);
        String raisedBy = factors.isEmpty() ? "no factor beyond the later pregnancy itself"
                : "factors: " + String.join("; ", factors.stream().map(f -> label(f, episode)).toList());
        String headline = (pregnancy.lateDetection() ? "Delivery on " + day + " with no pregnancy event before it"
                : "Pregnancy confirmed on " + day) + ", " + Numbers.format(Numbers.round(months, 1))
                + " months after the PLO index delivery; " + raisedBy;
        return new RecurrenceAssessment(pregnancy, episode, tier, months, all, medicationSafety(history, day),
                headline);
    }

    /** The floor: why every later pregnancy after PLO is at least MODERATE, and what is known of BMD recovery. */
    private static Factor basis(IndexEpisode episode, Recovery recovery, RiskTier tier, boolean noOtherFactor) {
        String fractures = episode.fracturedVertebrae().isEmpty()
                ? "fragility fracture (" + String.join(", ", episode.otherFractureSites()) + ")"
                : "fragility fractures of " + episode.fracturedVertebrae().size() + (episode.fracturedVertebrae()
                .size() == 1 ? " vertebra" : " vertebrae");
        return new Factor(BASIS, "Later pregnancy after PLO: tier at least MODERATE"
                + (tier == RiskTier.MODERATE && noOtherFactor ? " (no further factor)" : ""),
                "Index episode " + episode.episodeDate() + ": " + fractures + " after the delivery of "
                        + episode.indexDelivery().date() + "; BMD recovery since the episode: " + recovery.summary(),
                RulesConfig.SOURCE_KYVERNITAKIS_LATER_PREGNANCY, EvidenceStrength.COHORT_STUDY);
    }

    /** A factor in a few words, for the headline. */
    private String label(Factor f, IndexEpisode episode) {
        return switch (f.code()) {
            case "MULTIPLE_VERTEBRAL_FRACTURES" -> episode.fracturedVertebrae().size()
                    + " vertebral fractures at the episode";
            case "LOW_Z_SCORE" -> "last Z-score at or below " + Numbers.score(config.lowZScore());
            case "NO_SIGNIFICANT_RECOVERY" -> "no significant BMD gain since the episode";
            case "SHORT_INTERVAL_SINCE_INDEX_DELIVERY" -> "less than " + config.shortIntervalMonths()
                    + " months since the index delivery";
            case "DENOSUMAB_ONGOING" -> "denosumab ongoing";
            case "DENOSUMAB_DISCONTINUATION" -> "denosumab stopped without follow-on therapy";
            case "HEPARIN_OR_GLUCOCORTICOID_EXPOSURE" -> "heparin or glucocorticoid exposure";
            default -> f.description();
        };
    }

    private static Factor withCountedOnce(Factor f) {
        return new Factor(f.code(), f.description() + " (counted once with LOW_Z_SCORE toward the tier: both describe"
                + " BMD that has not recovered)", f.evidence(), f.source(), f.strength());
    }

    private Optional<Factor> lowZ(PatientHistory history) {
        Map<Site, String> low = new LinkedHashMap<>();
        for (Site site : Site.values()) {
            history.scans().stream().filter(s -> s.at(site).map(m -> m.zScore() != null).orElse(false))
                    .reduce((a, b) -> b)
                    .ifPresent(scan -> {
                        double z = scan.at(site).orElseThrow().zScore();
                        if (z <= config.lowZScore() + Numbers.TOLERANCE) {
                            low.put(site, site + " Z " + Numbers.score(z) + " on " + scan.date() + " ("
                                    + scan.eventId() + ")");
                        }
                    });
        }
        if (low.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Factor("LOW_Z_SCORE", "Last Z-score at or below " + Numbers.score(config.lowZScore())
                + " at " + (low.size() == 1 ? "one site" : low.size() + " sites"), String.join("; ", low.values()),
                RulesConfig.SOURCE_LOW_Z_RECURRENCE, EvidenceStrength.EXPERT_OPINION));
    }

    /**
     * What is known of BMD recovery: a NO_SIGNIFICANT_RECOVERY factor when comparable sites show no significant gain
     * from the baseline scan to the last scan before the trigger, and a summary either way.
     */
    private record Recovery(Factor noRecovery, String summary) {
    }

    private Recovery recovery(PatientHistory history, IndexEpisode episode) {
        Optional<DxaScan> baseline = analysis.baselineScan(history, episode);
        if (baseline.isEmpty()) {
            return new Recovery(null, "not assessed, no DXA since the episode");
        }
        List<String> judged = new ArrayList<>();
        boolean laterScan = false;
        for (Measurement first : baseline.get().measurements()) {
            Optional<DxaScan> last = history.scans().stream()
                    .filter(s -> s.date().isAfter(baseline.get().date()) && s.at(first.site()).isPresent())
                    .reduce((a, b) -> b);
            if (last.isEmpty()) {
                continue;
            }
            laterScan = true;
            Comparison c = comparisons.compare(baseline.get(), first, last.get(),
                    last.get().at(first.site()).orElseThrow());
            if (!c.comparable()) {
                continue;
            }
            String line = first.site() + " " + BmdChangeAnalysis.describe(c) + " from " + baseline.get().date()
                    + " to " + last.get().date();
            if (c.classification() == Classification.SIGNIFICANT_GAIN) {
                return new Recovery(null, "assessed, significant gain at " + line);
            }
            judged.add(line);
        }
        if (!laterScan) {
            return new Recovery(null, "not assessed, no DXA after the baseline scan of " + baseline.get().date());
        }
        if (judged.isEmpty()) {
            return new Recovery(null, "not assessed, no comparable pair from the baseline scan of "
                    + baseline.get().date());
        }
        return new Recovery(new Factor("NO_SIGNIFICANT_RECOVERY", "No significant BMD gain at any site since the"
                + " episode", String.join("; ", judged), RulesConfig.SOURCE_NO_RECOVERY,
                EvidenceStrength.EXPERT_OPINION), "assessed, no significant gain at any comparable site");
    }

    /**
     * The last denosumab course: ongoing on the trigger date (DENOSUMAB_ONGOING), or stopped without follow-on
     * therapy within {@code denosumabReboundMonths} of its last dose (DENOSUMAB_DISCONTINUATION).
     */
    private Optional<Factor> denosumab(PatientHistory history, LocalDate day) {
        List<TreatmentExposureRule.Period> periods = exposures.periods(history.treatments());
        Optional<TreatmentExposureRule.Period> last = lastDenosumab(periods);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        TreatmentExposureRule.Period p = last.get();
        if (p.stop() == null) {
            return Optional.of(new Factor("DENOSUMAB_ONGOING", "Denosumab course ongoing on the trigger date: it is"
                    + " not used in pregnancy, and stopping it without follow-on therapy is followed by rebound"
                    + " vertebral fractures", "Denosumab since " + p.start() + ", no stop recorded",
                    RulesConfig.SOURCE_CUMMINGS + "; " + RulesConfig.SOURCE_DENOSUMAB_LABEL,
                    EvidenceStrength.RCT_POST_HOC));
        }
        LocalDate lastDose = lastDenosumabDose(p);
        double monthsSince = ClinicalDates.monthsBetween(lastDose, day);
        if (lastDose.plusMonths(config.denosumabReboundMonths()).isBefore(day)) {
            return Optional.empty();
        }
        boolean followOn = periods.stream().anyMatch(o -> o.agent() != Agent.DENOSUMAB
                && o.agent().isOsteoporosisTherapy() && !o.start().isBefore(p.stop().minusDays(1)));
        if (followOn) {
            return Optional.empty();
        }
        return Optional.of(new Factor("DENOSUMAB_DISCONTINUATION", "Denosumab stopped without follow-on therapy "
                + Numbers.format(Numbers.round(monthsSince, 1)) + " months before the trigger (within "
                + config.denosumabReboundMonths() + " months of the last dose)",
                "Denosumab " + p.start() + " to " + p.stop() + " (last dose taken as the stop date); no osteoporosis"
                        + " therapy recorded after it",
                RulesConfig.SOURCE_CUMMINGS + "; " + RulesConfig.SOURCE_DENOSUMAB_WINDOW,
                EvidenceStrength.RCT_POST_HOC));
    }

    private static Optional<TreatmentExposureRule.Period> lastDenosumab(List<TreatmentExposureRule.Period> periods) {
        return periods.stream().filter(p -> p.agent() == Agent.DENOSUMAB)
                .max(Comparator.comparing(TreatmentExposureRule.Period::start));
    }

    /**
     * The date of the last denosumab dose of a stopped course. The contracts record courses (STARTED / STOPPED), not
     * doses, so the stop date stands for the last dose; when individual doses are recorded, the last dose on or before
     * the stop replaces it here.
     */
    private static LocalDate lastDenosumabDose(TreatmentExposureRule.Period course) {
        return course.stop();
    }

    private List<Factor> medicationSafety(PatientHistory history, LocalDate day) {
        List<Factor> items = new ArrayList<>();
        List<String> bisphosphonates = history.treatments().stream().filter(t -> t.agent().isBisphosphonate())
                .map(t -> t.agent() + " " + t.action().name().toLowerCase() + " " + t.date() + " (" + t.eventId()
                        + ")").toList();
        if (!bisphosphonates.isEmpty()) {
            items.add(new Factor("BISPHOSPHONATE_EVER_GIVEN", "Bisphosphonate given: it stays in bone for years;"
                    + " fetal exposure is a concern", String.join("; ", bisphosphonates),
                    RulesConfig.SOURCE_UKTIS_BISPHOSPHONATE, EvidenceStrength.GUIDELINE));
        }
        List<TreatmentExposureRule.Period> periods = exposures.periods(history.treatments());
        List<TreatmentExposureRule.Period> teriparatide = periods.stream()
                .filter(q -> q.agent() == Agent.TERIPARATIDE).toList();
        if (!teriparatide.isEmpty()) {
            long total = teriparatide.stream()
                    .mapToLong(q -> ClinicalDates.daysBetween(q.start(), q.stop() == null ? day : q.stop())).sum();
            String totalText = Numbers.format(Numbers.round(total / ClinicalDates.DAYS_PER_MONTH, 1))
                    + " months in total (EU lifetime limit 24 months)";
            Optional<TreatmentExposureRule.Period> ongoing = teriparatide.stream().filter(q -> q.ongoingOn(day))
                    .findFirst();
            if (ongoing.isPresent()) {
                items.add(new Factor("TERIPARATIDE_ONGOING", "Teriparatide ongoing on the trigger date: it is not"
                        + " used in pregnancy", "Teriparatide since " + ongoing.get().start() + "; " + totalText,
                        RulesConfig.SOURCE_TERIPARATIDE_LABEL, EvidenceStrength.PRODUCT_LABEL));
            } else {
                TreatmentExposureRule.Period lastCourse = teriparatide.stream()
                        .max(Comparator.comparing(TreatmentExposureRule.Period::start)).orElseThrow();
                items.add(new Factor("TERIPARATIDE_GIVEN", "Teriparatide given before: lifetime total counts against"
                        + " the EU limit", "Last course " + lastCourse.start() + " to " + lastCourse.stop() + "; "
                        + totalText, RulesConfig.SOURCE_TERIPARATIDE_LABEL, EvidenceStrength.PRODUCT_LABEL));
            }
        }
        lastDenosumab(periods).ifPresent(p -> {
            if (p.stop() == null || p.ongoingOn(day)) {
                items.add(new Factor("DENOSUMAB_ONGOING", "Denosumab course ongoing on the trigger date: it is not"
                        + " recommended in pregnancy", "Denosumab since " + p.start() + ", no stop recorded",
                        RulesConfig.SOURCE_DENOSUMAB_LABEL, EvidenceStrength.PRODUCT_LABEL));
            } else if (!lastDenosumabDose(p).plusMonths(config.denosumabReboundMonths()).isBefore(day)) {
                items.add(new Factor("DENOSUMAB_RECENTLY_STOPPED", "Denosumab stopped "
                        + Numbers.format(Numbers.round(ClinicalDates.monthsBetween(lastDenosumabDose(p), day), 1))
                        + " months before the trigger: rebound vertebral fractures follow stopping without follow-on"
                        + " therapy", "Denosumab " + p.start() + " to " + p.stop() + " (last dose taken as the stop"
                        + " date)", RulesConfig.SOURCE_CUMMINGS + "; " + RulesConfig.SOURCE_DENOSUMAB_WINDOW,
                        EvidenceStrength.RCT_POST_HOC));
            }
        });
        return items;
    }
}
