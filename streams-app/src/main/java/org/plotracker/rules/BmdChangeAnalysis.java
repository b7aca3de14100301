package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares, at every site, each scan with the chronologically previous scan at that site; judges the pair
 * ({@link BmdComparisonRule}), attaches the treatment of the interval ({@link TreatmentExposureRule}) and the severity.
 *
 * <p>Severity: SIGNIFICANT_LOSS starts at MODERATE, anything else at INFO. A spine loss whose later scan lies within
 * {@code lactationMonths} of a delivery with breast-feeding recorded is stated as a loss during lactation and, when it is
 * a BMD loss within {@code lactationExpectedSpineLossPercent}, lowered {@code lactationSeverityStepsDown} steps. Then
 * each raising factor adds one step (capped at HIGH): loss while on treatment (treatment group of the interval is not
 * NONE), loss with a new fracture diagnosed after the earlier scan and up to the later one, and Z still at or below the
 * low-Z threshold at the later scan {@code persistentLowZMonths} or more after the episode. A pair is alert-worthy
 * when it is a loss, not comparable (except for a site without a configured threshold: a row only), or has a raising
 * factor; gains and stable pairs without factors appear only in the derived rows.
 */
public final class BmdChangeAnalysis {

    private final RulesConfig config;
    private final BmdComparisonRule comparisons;
    private final TreatmentExposureRule exposures = new TreatmentExposureRule();

    public BmdChangeAnalysis(RulesConfig config) {
        this.config = config;
        this.comparisons = new BmdComparisonRule(config);
    }

    /** Every adjacent pair of the history at every site, sites in enum order, pairs in clinical order. */
    public List<ScanPair> pairs(PatientHistory history, Optional<IndexEpisode> episode) {
        return pairs(history, episode, null);
    }

    /**
     * The adjacent pairs whose later scan is dated on or after {@code from} (every pair when null), and at every
     * site the first follow-up pair after the episode wherever it lies; same order and content as in
     * {@link #pairs(PatientHistory, Optional)}. A pair's judgement depends only on events dated up to its later scan
     * and on the episode, so a caller that knows nothing dated before {@code from} changed (and the episode did not)
     * has the other pairs already.
     */
    public List<ScanPair> pairs(PatientHistory history, Optional<IndexEpisode> episode, LocalDate from) {
        List<TreatmentExposureRule.Period> periods = exposures.periods(history.treatments());
        Optional<DxaScan> baseline = episode.flatMap(e -> baselineScan(history, e));
        Optional<DxaScan> followUp = baseline.flatMap(b -> history.scans().stream()
                .filter(s -> s.date().isAfter(b.date())).findFirst());
        List<ScanPair> pairs = new ArrayList<>();
        for (Site site : Site.values()) {
            DxaScan previousScan = null;
            Measurement previous = null;
            for (DxaScan scan : history.scans()) {
                Optional<Measurement> m = scan.at(site);
                if (m.isEmpty()) {
                    continue;
                }
                if (previous != null) {
                    // scans on the baseline day (e.g. spine and hip recorded as separate events) are all baseline
                    boolean first = baseline.isPresent() && followUp.isPresent()
                            && previousScan.date().equals(baseline.get().date())
                            && scan.date().equals(followUp.get().date());
                    if (from == null || first || !scan.date().isBefore(from)) {
                        pairs.add(pair(history, periods, episode, site, previousScan, previous, scan, m.get(),
                                first));
                    }
                }
                previousScan = scan;
                previous = m.get();
            }
        }
        return pairs;
    }

    /** The first scan at or after the episode (or up to {@code baselineLookbackDays} before a fracture diagnosis). */
    public Optional<DxaScan> baselineScan(PatientHistory history, IndexEpisode episode) {
        LocalDate from = episode.episodeDate().minusDays(config.baselineLookbackDays());
        LocalDate floor = episode.indexDelivery().date().minusDays(config.thirdTrimesterDays());
        LocalDate start = from.isBefore(floor) ? floor : from;
        return history.scans().stream().filter(s -> !s.date().isBefore(start)).findFirst();
    }

    /**
     * Judges any two scans of the history at one site (used to re-state a pair that a late scan made non-adjacent);
     * empty when either scan has no measurement at the site.
     */
    public Optional<ScanPair> pairOf(PatientHistory history, Optional<IndexEpisode> episode, Site site,
                                     DxaScan earlierScan, DxaScan laterScan) {
        Optional<Measurement> earlier = earlierScan.at(site);
        Optional<Measurement> later = laterScan.at(site);
        if (earlier.isEmpty() || later.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(pair(history, exposures.periods(history.treatments()), episode, site, earlierScan,
                earlier.get(), laterScan, later.get(), false));
    }

    private ScanPair pair(PatientHistory history, List<TreatmentExposureRule.Period> periods,
                          Optional<IndexEpisode> episode, Site site, DxaScan earlierScan, Measurement earlier,
                          DxaScan laterScan, Measurement later, boolean first) {
        Comparison comparison = comparisons.compare(earlierScan, earlier, laterScan, later);
        TreatmentExposure treatment = exposures.duringPeriods(periods, earlierScan.date(), laterScan.date());
        boolean loss = comparison.classification() == Classification.SIGNIFICANT_LOSS;
        List<Factor> factors = new ArrayList<>();
        Severity severity = loss ? Severity.MODERATE : Severity.INFO;
        Optional<Delivery> lactation = loss && site == Site.LUMBAR_SPINE
                ? lactationDelivery(history, laterScan.date()) : Optional.empty();
        int raising = 0;
        if (lactation.isPresent()) {
            boolean withinExpected = comparison.basis() == Comparison.Basis.BMD_PERCENT
                    && -comparison.bmdChangePercent() <= config.lactationExpectedSpineLossPercent() + Numbers.TOLERANCE;
            int steps = withinExpected ? config.lactationSeverityStepsDown() : 0;
            for (int i = 0; i < steps; i++) {
                severity = severity.lowered();
            }
            factors.add(new Factor("LOSS_DURING_LACTATION", "Spine loss during lactation: "
                    + Numbers.format(LACTATION_LOSS_LOW) + "-" + Numbers.format(config
                    .lactationExpectedSpineLossPercent()) + "% spine loss is expected and usually regained after"
                    + " weaning; " + (steps == 0 ? "severity not lowered (" + (withinExpected
                    ? "lowering is configured off" : comparison.basis() == Comparison.Basis.BMD_PERCENT
                    ? "the loss is beyond the expected range" : "a Z-score change cannot be set against the % range")
                    + ")" : "severity lowered " + (steps == 1 ? "one step" : steps + " steps")),
                    "Breast-feeding recorded at the delivery of " + lactation.get().date() + " ("
                            + lactation.get().eventId() + "); later scan " + laterScan.date() + ", "
                            + Numbers.format(ClinicalDates.monthsBetween(lactation.get().date(), laterScan.date()))
                            + " months after it (lactation period " + config.lactationMonths() + " months); "
                            + describe(comparison),
                    RulesConfig.SOURCE_LACTATION + "; " + RulesConfig.SOURCE_LACTATION_SEVERITY,
                    EvidenceStrength.COHORT_STUDY));
        }
        if (loss) {
            if (treatment.group() != TreatmentGroup.NONE) {
                raising++;
                factors.add(new Factor("LOSS_WHILE_ON_TREATMENT", "Loss beyond LSC while on bone treatment",
                        site + " " + describe(comparison) + " between " + earlierScan.date() + " and "
                                + laterScan.date() + " with " + describe(treatment),
                        RulesConfig.SOURCE_LOSS_ON_TREATMENT, EvidenceStrength.EXPERT_OPINION));
            }
            List<FractureDiagnosis> newFractures = history.fractures().stream()
                    .filter(f -> f.date().isAfter(earlierScan.date()) && !f.date().isAfter(laterScan.date()))
                    .toList();
            if (!newFractures.isEmpty()) {
                raising++;
                factors.add(new Factor("LOSS_WITH_NEW_FRACTURE", "Loss beyond LSC with a new fracture since the"
                        + " earlier scan", newFractures.stream().map(f -> f.date() + " " + String.join(", ",
                        concat(f.vertebrae(), f.otherSites())) + " (" + f.eventId() + ")").toList().toString(),
                        RulesConfig.SOURCE_LOSS_WITH_FRACTURE, EvidenceStrength.EXPERT_OPINION));
            }
        }
        Double monthsSinceEpisode = episode.map(e -> ClinicalDates.monthsBetween(e.episodeDate(), laterScan.date()))
                .orElse(null);
        if (episode.isPresent() && later.zScore() != null
                && later.zScore() <= config.lowZScore() + Numbers.TOLERANCE
                && !laterScan.date().isBefore(episode.get().episodeDate().plusMonths(config.persistentLowZMonths()))) {
            raising++;
            String what = episode.get().kind() == IndexEpisode.Kind.FRAGILITY_FRACTURE
                    ? "the episode of " + episode.get().episodeDate()
                    : "the low-BMD finding of " + episode.get().episodeDate() + " (no fracture)";
            factors.add(new Factor("Z_SCORE_STILL_LOW", "Z-score still at or below " + Numbers.score(
                    config.lowZScore()) + ", " + config.persistentLowZMonths() + " months or more after the "
                    + (episode.get().kind() == IndexEpisode.Kind.FRAGILITY_FRACTURE ? "episode" : "low-BMD finding"),
                    site + " Z " + Numbers.score(later.zScore()) + " on " + laterScan.date() + " ("
                            + laterScan.eventId() + "), " + Numbers.format(monthsSinceEpisode)
                            + " months after " + what,
                    RulesConfig.SOURCE_ISCD_Z, EvidenceStrength.GUIDELINE));
        }
        for (int i = 0; i < raising; i++) {
            severity = severity.raised();
        }
        boolean notJudged = comparison.notComparableCause() == NotComparableCause.NO_THRESHOLD_FOR_SITE;
        boolean alertWorthy = !notJudged && (loss || comparison.classification() == Classification.NOT_COMPARABLE
                || raising > 0);
        return new ScanPair(site, earlierScan, earlier, laterScan, later,
                ClinicalDates.monthsBetween(earlierScan.date(), laterScan.date()), comparison, treatment, first,
                monthsSinceEpisode, severity, factors, alertWorthy,
                headline(site, comparison, treatment, factors, lactation.isPresent()
                        ? Optional.of(config.lactationExpectedSpineLossPercent()) : Optional.empty()));
    }

    /** Lower end of the spine loss expected during lactation (Kalkwarf & Specker 1995; Kovacs 2016), for wording. */
    private static final double LACTATION_LOSS_LOW = 3.0;

    /** The breast-feeding delivery whose lactation period contains {@code day}, if any (the latest). */
    private Optional<Delivery> lactationDelivery(PatientHistory history, LocalDate day) {
        return history.deliveries().stream().filter(Delivery::breastFeeding)
                .filter(d -> !d.date().isAfter(day) && !day.isAfter(d.date().plusMonths(config.lactationMonths())))
                .reduce((a, b) -> b);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String describe(Comparison c) {
        return switch (c.basis()) {
            case BMD_PERCENT -> "BMD " + signed(c.bmdChangePercent()) + "% (LSC " + Numbers.format(c.threshold())
                    + "%)";
            case Z_SCORE -> "delta Z " + signed(c.deltaZ()) + " (threshold " + Numbers.format(c.threshold()) + ")";
            case NONE -> "not comparable";
        };
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + Numbers.format(v);
    }

    static String describe(TreatmentExposure t) {
        if (t.agents().isEmpty()) {
            return "no recorded treatment";
        }
        return "treatment group " + t.group() + " (" + String.join(", ", t.agents().stream()
                .map(a -> a.agent() + " " + a.days() + " days").toList()) + ")";
    }

    private static String headline(Site site, Comparison c, TreatmentExposure t, List<Factor> factors,
                                   Optional<Double> lactationExpectedLoss) {
        boolean lactation = lactationExpectedLoss.isPresent();
        String treatment = t.leadingAgent().map(a -> " while on " + a).orElse(" with no recorded bone treatment");
        String during = lactation ? " during lactation" : "";
        String text = switch (c.classification()) {
            case SIGNIFICANT_LOSS -> "Loss beyond LSC at " + site + during + treatment;
            case SIGNIFICANT_GAIN -> "Gain beyond LSC at " + site + treatment;
            case STABLE -> "Change within LSC at " + site + treatment;
            case NOT_COMPARABLE -> "Not comparable at " + site + ": " + notComparable(c);
        };
        if (factors.stream().anyMatch(f -> f.code().equals("Z_SCORE_STILL_LOW"))) {
            text += "; Z-score still low";
        }
        if (factors.stream().anyMatch(f -> f.code().equals("LOSS_WITH_NEW_FRACTURE"))) {
            text += "; new fracture since the earlier scan";
        }
        if (lactation) {
            text += "; " + Numbers.format(LACTATION_LOSS_LOW) + "-" + Numbers.format(lactationExpectedLoss.get())
                    + "% spine loss is expected during lactation and usually regained after weaning";
        }
        return text;
    }

    private static String notComparable(Comparison c) {
        if (c.notComparableCause() == null) {
            return "no judgement";
        }
        return switch (c.notComparableCause()) {
            case DEVICE_CHANGED -> "different DXA device, new baseline";
            case DEVICE_NOT_IDENTIFIED -> "DXA device not identified";
            case REGION_DIFFERS -> c.notComparableReason().replace(BmdComparisonRule.NOT_A_CHANGE, "");
            case NO_COMMON_MEASURE -> "no common measure (BMD or Z-score missing on one scan)";
            case NO_THRESHOLD_FOR_SITE -> "no LSC or delta-Z threshold configured for the site";
        };
    }
}
