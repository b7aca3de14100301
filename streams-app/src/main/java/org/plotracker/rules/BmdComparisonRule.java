package org.plotracker.rules;

import java.util.Optional;

/**
 * Judges the change between two measurements at one site:
 * <ol>
 *   <li>different devices, not configured as cross-calibrated: NOT_COMPARABLE ("new baseline"), never gain or loss;</li>
 *   <li>both BMD known: % change against the LSC in % of the earlier BMD, from the device's configured precision
 *       (LSC = multiplier x RMS-SD) or else the ISCD-minimum default of the site;</li>
 *   <li>else both Z known: ΔZ against the site's ΔZ threshold;</li>
 *   <li>else NOT_COMPARABLE (no common measure, or no threshold configured for the site).</li>
 * </ol>
 * A change is significant when its size is at least the threshold ("at least the LSC").
 */
public final class BmdComparisonRule {

    private final RulesConfig config;

    public BmdComparisonRule(RulesConfig config) {
        this.config = config;
    }

    public Comparison compare(DxaDeviceRef earlierDevice, Measurement earlier, DxaDeviceRef laterDevice,
                              Measurement later) {
        if (earlier.site() != later.site()) {
            throw new IllegalArgumentException("cannot compare " + earlier.site() + " with " + later.site());
        }
        Site site = earlier.site();
        if (!earlierDevice.sameDeviceAs(laterDevice) && !config.crossCalibrated(earlierDevice, laterDevice)) {
            return Comparison.notComparable("Different DXA devices (" + earlierDevice + " then " + laterDevice
                    + ") without configured cross-calibration: not comparable, new baseline");
        }
        Double deltaZ = delta(earlier.zScore(), later.zScore());
        Double deltaT = delta(earlier.tScore(), later.tScore());
        if (earlier.bmd() != null && later.bmd() != null) {
            Optional<Threshold> threshold = percentThreshold(laterDevice, site, earlier.bmd());
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
            return Comparison.notComparable("No LSC or delta-Z threshold configured for " + site);
        }
        return Comparison.notComparable("No common measure: BMD or Z-score is missing on one of the scans at " + site);
    }

    private Optional<Threshold> percentThreshold(DxaDeviceRef device, Site site, double earlierBmd) {
        Optional<Double> rmsSd = config.precisionRmsSd(device, site);
        if (rmsSd.isPresent()) {
            double lsc = config.lscMultiplier() * rmsSd.get();
            double percent = Numbers.round(lsc / earlierBmd * 100.0, 4);
            return Optional.of(new Threshold(percent, "Device precision: LSC = " + Numbers.format(config
                    .lscMultiplier()) + " x RMS-SD " + rmsSd.get() + " g/cm2 = " + Numbers.round(lsc, 4)
                    + " g/cm2 (" + device.key() + ", " + site + "); " + RulesConfig.SOURCE_ISCD_LSC));
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
