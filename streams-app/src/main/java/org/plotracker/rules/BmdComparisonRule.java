package org.plotracker.rules;

import java.util.List;
import java.util.Optional;

/**
 * Judges the change between two measurements at one site:
 * <ol>
 *   <li>a device that cannot be identified (manufacturer unknown, or neither serial nor model to compare):
 *       NOT_COMPARABLE, DEVICE_NOT_IDENTIFIED;</li>
 *   <li>different devices, not configured as cross-calibrated: NOT_COMPARABLE, DEVICE_CHANGED ("new baseline"),
 *       never gain or loss;</li>
 *   <li>different regions (label, or excluded lumbar levels): NOT_COMPARABLE, REGION_DIFFERS, naming the levels;</li>
 *   <li>both BMD known: % change against the LSC in % of the earlier BMD, from the configured precision
 *       (LSC = multiplier x RMS-SD; two cross-calibrated devices combine both precisions) or else the ISCD-minimum
 *       default of the site;</li>
 *   <li>else both Z known: ΔZ against the site's ΔZ threshold (none configured: NO_THRESHOLD_FOR_SITE);</li>
 *   <li>else NOT_COMPARABLE, NO_COMMON_MEASURE.</li>
 * </ol>
 * A change is significant when its size is at least the threshold ("at least the LSC").
 */
public final class BmdComparisonRule {

    static final String REGIONS_DIFFER = "different regions measured";
    static final String NOT_A_CHANGE = ": not comparable as a change";

    private final RulesConfig config;

    public BmdComparisonRule(RulesConfig config) {
        this.config = config;
    }

    /** Compares two measurements whose scans excluded no vertebrae. */
    public Comparison compare(DxaDeviceRef earlierDevice, Measurement earlier, DxaDeviceRef laterDevice,
                              Measurement later) {
        return compare(earlierDevice, earlier, List.of(), laterDevice, later, List.of());
    }

    /** Compares one site of two scans, with each scan's excluded vertebrae. */
    public Comparison compare(DxaScan earlierScan, Measurement earlier, DxaScan laterScan, Measurement later) {
        return compare(earlierScan.device(), earlier, earlierScan.excludedVertebrae(), laterScan.device(), later,
                laterScan.excludedVertebrae());
    }

    public Comparison compare(DxaDeviceRef earlierDevice, Measurement earlier, List<String> earlierExcluded,
                              DxaDeviceRef laterDevice, Measurement later, List<String> laterExcluded) {
        if (earlier.site() != later.site()) {
            throw new IllegalArgumentException("cannot compare " + earlier.site() + " with " + later.site());
        }
        Site site = earlier.site();
        DxaDeviceRef.Match match = earlierDevice.match(laterDevice);
        if (match == DxaDeviceRef.Match.NOT_IDENTIFIED) {
            return Comparison.notComparable(NotComparableCause.DEVICE_NOT_IDENTIFIED, "DXA device not identified ("
                    + earlierDevice + " then " + laterDevice + "): the scans cannot be shown to come from one device;"
                    + " a known manufacturer with serial numbers (or models) on both scans is needed");
        }
        boolean crossCalibrated = match == DxaDeviceRef.Match.DIFFERENT
                && config.crossCalibrated(earlierDevice, laterDevice);
        if (match == DxaDeviceRef.Match.DIFFERENT && !crossCalibrated) {
            return Comparison.notComparable(NotComparableCause.DEVICE_CHANGED, "Different DXA devices ("
                    + earlierDevice + " then " + laterDevice + ") without configured cross-calibration: not"
                    + " comparable, new baseline");
        }
        Optional<String> regionDifference = ScanRegion.difference(site, earlier, earlierExcluded, later,
                laterExcluded);
        if (regionDifference.isPresent()) {
            return Comparison.notComparable(NotComparableCause.REGION_DIFFERS, REGIONS_DIFFER + " ("
                    + regionDifference.get() + ")" + NOT_A_CHANGE);
        }
        Double deltaZ = delta(earlier.zScore(), later.zScore());
        Double deltaT = delta(earlier.tScore(), later.tScore());
        if (earlier.bmd() != null && later.bmd() != null) {
            Optional<Threshold> threshold = percentThreshold(earlierDevice, laterDevice, crossCalibrated, site,
                    earlier.bmd());
            if (threshold.isPresent()) {
                double percent = Numbers.round((later.bmd() - earlier.bmd()) / earlier.bmd() * 100.0, 4);
                return new Comparison(Comparison.Basis.BMD_PERCENT, classify(percent, threshold.get().value()),
                        threshold.get().value(), Comparison.UNIT_PERCENT, threshold.get().source(), percent, deltaZ,
                        deltaT, null);
            }
        }
        if (deltaZ != null) {
            Optional<Double> threshold = config.deltaZThreshold(site);
            if (threshold.isPresent()) {
                return new Comparison(Comparison.Basis.Z_SCORE, classify(deltaZ, threshold.get()), threshold.get(),
                        Comparison.UNIT_Z, RulesConfig.SOURCE_DELTA_Z + ", " + site + " " + Numbers.format(
                        threshold.get()), null, deltaZ, deltaT, null);
            }
        }
        if (deltaZ != null || (earlier.bmd() != null && later.bmd() != null)) {
            return Comparison.notComparable(NotComparableCause.NO_THRESHOLD_FOR_SITE, "No LSC or delta-Z threshold"
                    + " configured for " + site + ": the pair is recorded, not judged");
        }
        return Comparison.notComparable(NotComparableCause.NO_COMMON_MEASURE, "No common measure: BMD or Z-score is"
                + " missing on one of the scans at " + site);
    }

    /**
     * The LSC in % of the earlier BMD. One device: its configured RMS-SD. Two cross-calibrated devices: both
     * configured RMS-SDs combined as sqrt((sd1² + sd2²) / 2), so that LSC = 2.77 x that = 1.96 x sqrt(sd1² + sd2²)
     * (Shepherd & Lu, J Clin Densitom 2007); with one missing, the ISCD default. No configured precision: the ISCD
     * default of the site.
     */
    private Optional<Threshold> percentThreshold(DxaDeviceRef earlierDevice, DxaDeviceRef laterDevice,
                                                 boolean crossCalibrated, Site site, double earlierBmd) {
        Optional<Double> rmsSd;
        String origin;
        String source;
        if (crossCalibrated) {
            Optional<Double> a = config.precisionRmsSd(earlierDevice, site);
            Optional<Double> b = config.precisionRmsSd(laterDevice, site);
            rmsSd = a.isPresent() && b.isPresent()
                    ? Optional.of(Math.sqrt((a.get() * a.get() + b.get() * b.get()) / 2.0)) : Optional.empty();
            origin = rmsSd.isPresent() ? "combined RMS-SD sqrt((" + a.get() + "^2 + " + b.get() + "^2) / 2) = "
                    + Numbers.round(rmsSd.get(), 4) + " g/cm2 (" + earlierDevice.key() + " cross-calibrated with "
                    + laterDevice.key() + ", " + site + ")" : null;
            source = RulesConfig.SOURCE_GENERALIZED_LSC;
        } else {
            DxaDeviceRef device = config.precisionRmsSd(laterDevice, site).isPresent() ? laterDevice : earlierDevice;
            rmsSd = config.precisionRmsSd(device, site);
            origin = rmsSd.map(sd -> "RMS-SD " + sd + " g/cm2 (" + device.key() + ", " + site + ")").orElse(null);
            source = RulesConfig.SOURCE_ISCD_LSC;
        }
        if (rmsSd.isPresent()) {
            double lsc = config.lscMultiplier() * rmsSd.get();
            double percent = Numbers.round(lsc / earlierBmd * 100.0, 4);
            return Optional.of(new Threshold(percent, "Device precision: LSC = " + Numbers.format(config
                    .lscMultiplier()) + " x " + origin + " = " + Numbers.round(lsc, 4) + " g/cm2; " + source));
        }
        return config.lscPercent(site).map(p -> new Threshold(p, RulesConfig.SOURCE_ISCD_PRECISION + ": default LSC "
                + Numbers.format(p) + "% at " + site));
    }

    private static Classification classify(double change, double threshold) {
        if (Numbers.atLeast(change, threshold)) {
            return Classification.SIGNIFICANT_GAIN;
        }
        if (Numbers.atLeast(-change, threshold)) {
            return Classification.SIGNIFICANT_LOSS;
        }
        return Classification.STABLE;
    }

    private static Double delta(Double earlier, Double later) {
        return earlier == null || later == null ? null : Numbers.round(later - earlier, 4);
    }

    private record Threshold(double value, String source) {
    }
}
