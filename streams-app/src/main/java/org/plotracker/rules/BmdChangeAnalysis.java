package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares, at every site, each scan with the chronologically previous scan at that site; judges the pair
 * ({@link BmdComparisonRule}), attaches the treatment of the interval ({@link TreatmentExposureRule}) and the severity.
 *
 * <p>Severity: SIGNIFICANT_LOSS starts at MODERATE, anything else at INFO; each factor raises it one step (capped at
 * HIGH): loss while on treatment (treatment group of the interval is not NONE), loss with a new fracture diagnosed after
 * the earlier scan and up to the later one, and Z still at or below the low-Z threshold at the later scan
 * {@code persistentLowZMonths} or more after the episode. A pair is alert-worthy when it is a loss, not comparable, or
 * has any severity factor; gains and stable pairs without factors appear only in the derived rows.
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
                    pairs.add(pair(history, episode, site, previousScan, previous, scan, m.get(), first));
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
        return Optional.of(pair(history, episode, site, earlierScan, earlier.get(), laterScan, later.get(), false));
    }

    private ScanPair pair(PatientHistory history, Optional<IndexEpisode> episode, Site site, DxaScan earlierScan,
                          Measurement earlier, DxaScan laterScan, Measurement later, boolean first) {
        Comparison comparison = comparisons.compare(earlierScan.device(), earlier, laterScan.device(), later);
        TreatmentExposure treatment = exposures.during(history.treatments(), earlierScan.date(), laterScan.date());
        List<Factor> factors = new ArrayList<>();
        Severity severity = comparison.classification() == Classification.SIGNIFICANT_LOSS
                ? Severity.MODERATE : Severity.INFO;
        if (comparison.classification() == Classification.SIGNIFICANT_LOSS) {
            if (treatment.group() != TreatmentGroup.NONE) {
                factors.add(new Factor("LOSS_WHILE_ON_TREATMENT", "Loss beyond LSC while on bone treatment",
                        site + " " + describe(comparison) + " between " + earlierScan.date() + " and "
                                + laterScan.date() + " with " + describe(treatment),
                        "Issue 4 severity policy; treatment response expected (Anagnostis et al., JCEM 2024)",
                        EvidenceStrength.EXPERT_OPINION));
            }
            List<FractureDiagnosis> newFractures = history.fractures().stream()
                    .filter(f -> f.date().isAfter(earlierScan.date()) && !f.date().isAfter(laterScan.date()))
                    .toList();
            if (!newFractures.isEmpty()) {
                factors.add(new Factor("LOSS_WITH_NEW_FRACTURE", "Loss beyond LSC with a new fracture since the"
                        + " earlier scan", newFractures.stream().map(f -> f.date() + " " + String.join(", ",
                        concat(f.vertebrae(), f.otherSites())) + " (" + f.eventId() + ")").toList().toString(),
                        "Issue 4 severity policy", EvidenceStrength.EXPERT_OPINION));
            }
        }
        Double monthsSinceEpisode = episode.map(e -> ClinicalDates.monthsBetween(e.episodeDate(), laterScan.date()))
                .orElse(null);
        if (episode.isPresent() && later.zScore() != null
                && later.zScore() <= config.lowZScore() + Numbers.TOLERANCE
                && !laterScan.date().isBefore(episode.get().episodeDate().plusMonths(config.persistentLowZMonths()))) {
            factors.add(new Factor("Z_SCORE_STILL_LOW", "Z-score still at or below " + Numbers.format(
                    config.lowZScore()) + " " + config.persistentLowZMonths() + " months or more after the episode",
                    site + " Z " + Numbers.format(later.zScore()) + " on " + laterScan.date() + " ("
                            + laterScan.eventId() + "), " + Numbers.format(monthsSinceEpisode)
                            + " months after the episode of " + episode.get().episodeDate(),
                    RulesConfig.SOURCE_ISCD_Z, EvidenceStrength.GUIDELINE));
        }
        for (int i = 0; i < factors.size(); i++) {
            severity = severity.raised();
        }
        boolean alertWorthy = comparison.classification() == Classification.SIGNIFICANT_LOSS
                || comparison.classification() == Classification.NOT_COMPARABLE || !factors.isEmpty();
        return new ScanPair(site, earlierScan, earlier, laterScan, later,
                ClinicalDates.monthsBetween(earlierScan.date(), laterScan.date()), comparison, treatment, first,
                monthsSinceEpisode, severity, factors, alertWorthy, headline(site, comparison, treatment, factors));
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

    private static String headline(Site site, Comparison c, TreatmentExposure t, List<Factor> factors) {
        String treatment = t.leadingAgent().map(a -> " while on " + a).orElse(" with no recorded bone treatment");
        String text = switch (c.classification()) {
            case SIGNIFICANT_LOSS -> "Loss beyond LSC at " + site + treatment;
            case SIGNIFICANT_GAIN -> "Gain beyond LSC at " + site + treatment;
            case STABLE -> "Change within LSC at " + site + treatment;
            case NOT_COMPARABLE -> "Not comparable at " + site + ": new baseline";
        };
        if (factors.stream().anyMatch(f -> f.code().equals("Z_SCORE_STILL_LOW"))) {
            text += "; Z-score still low";
        }
        if (factors.stream().anyMatch(f -> f.code().equals("LOSS_WITH_NEW_FRACTURE"))) {
            text += "; new fracture since the earlier scan";
        }
        return text;
    }
}
