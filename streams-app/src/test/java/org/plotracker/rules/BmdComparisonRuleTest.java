package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BmdComparisonRuleTest {

    private static final DxaDeviceRef HOLOGIC = new DxaDeviceRef("HOLOGIC", "Horizon", "H-1");
    private static final DxaDeviceRef HOLOGIC_OTHER = new DxaDeviceRef("HOLOGIC", "Horizon", "H-2");
    private static final DxaDeviceRef LUNAR = new DxaDeviceRef("GE_LUNAR", "iDXA", "L-7");

    private final BmdComparisonRule defaults = new BmdComparisonRule(RulesConfig.defaults());

    private static Measurement z(Site site, double z) {
        return new Measurement(site, null, null, null, z);
    }

    private static Measurement bmd(Site site, double bmd) {
        return new Measurement(site, null, bmd, null, null);
    }

    /** Just under, at and over each site's delta-Z threshold, both directions. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "LUMBAR_SPINE, 0.39, STABLE", "LUMBAR_SPINE, 0.40, SIGNIFICANT_GAIN", "LUMBAR_SPINE, 0.41, SIGNIFICANT_GAIN",
            "LUMBAR_SPINE, -0.39, STABLE", "LUMBAR_SPINE, -0.40, SIGNIFICANT_LOSS",
            "FEMORAL_NECK, 0.44, STABLE", "FEMORAL_NECK, 0.45, SIGNIFICANT_GAIN", "FEMORAL_NECK, -0.44, STABLE",
            "FEMORAL_NECK, -0.45, SIGNIFICANT_LOSS", "FEMORAL_NECK, -0.46, SIGNIFICANT_LOSS",
            "TOTAL_HIP, 0.34, STABLE", "TOTAL_HIP, 0.35, SIGNIFICANT_GAIN", "TOTAL_HIP, -0.34, STABLE",
            "TOTAL_HIP, -0.35, SIGNIFICANT_LOSS", "TOTAL_HIP, -0.36, SIGNIFICANT_LOSS"})
    void deltaZAgainstTheSiteThreshold(Site site, double delta, Classification expected) {
        double earlier = -2.1;
        Comparison c = defaults.compare(HOLOGIC, z(site, earlier), HOLOGIC, z(site, earlier + delta));
        assertThat(c.basis()).isEqualTo(Comparison.Basis.Z_SCORE);
        assertThat(c.classification()).isEqualTo(expected);
        assertThat(c.deltaZ()).isEqualTo(Numbers.round(delta, 4));
        assertThat(c.thresholdUnit()).isEqualTo(Comparison.UNIT_Z);
    }

    /** ISCD default LSC in % of the earlier BMD: spine 5.3, hip 5.0, neck 6.9. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "LUMBAR_SPINE, 1.052, STABLE", "LUMBAR_SPINE, 1.053, SIGNIFICANT_GAIN",
            "LUMBAR_SPINE, 1.054, SIGNIFICANT_GAIN", "LUMBAR_SPINE, 0.948, STABLE",
            "LUMBAR_SPINE, 0.947, SIGNIFICANT_LOSS", "LUMBAR_SPINE, 0.946, SIGNIFICANT_LOSS",
            "TOTAL_HIP, 0.951, STABLE", "TOTAL_HIP, 0.950, SIGNIFICANT_LOSS", "TOTAL_HIP, 1.050, SIGNIFICANT_GAIN",
            "FEMORAL_NECK, 0.932, STABLE", "FEMORAL_NECK, 0.931, SIGNIFICANT_LOSS",
            "FEMORAL_NECK, 1.069, SIGNIFICANT_GAIN"})
    void bmdPercentAgainstTheIscdDefaultLsc(Site site, double later, Classification expected) {
        Comparison c = defaults.compare(HOLOGIC, bmd(site, 1.000), HOLOGIC, bmd(site, later));
        assertThat(c.basis()).isEqualTo(Comparison.Basis.BMD_PERCENT);
        assertThat(c.classification()).isEqualTo(expected);
        assertThat(c.thresholdSource()).contains("ISCD");
    }

    @Test
    void configuredDevicePrecisionGivesLscOf277TimesRmsSd() {
        RulesConfig config = RulesConfig.builder().devicePrecision("HOLOGIC:H-1", Site.LUMBAR_SPINE, 0.010).build();
        BmdComparisonRule rule = new BmdComparisonRule(config);
        // LSC = 2.77 x 0.010 = 0.0277 g/cm2 = 3.4625% of 0.800
        Comparison at = rule.compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 0.800), HOLOGIC,
                bmd(Site.LUMBAR_SPINE, 0.8277));
        assertThat(at.threshold()).isEqualTo(3.4625);
        assertThat(at.classification()).isEqualTo(Classification.SIGNIFICANT_GAIN);
        assertThat(at.thresholdSource()).contains("RMS-SD 0.01").contains("HOLOGIC:H-1");
        Comparison under = rule.compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 0.800), HOLOGIC,
                bmd(Site.LUMBAR_SPINE, 0.8276));
        assertThat(under.classification()).isEqualTo(Classification.STABLE);
        Comparison loss = rule.compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 0.800), HOLOGIC,
                bmd(Site.LUMBAR_SPINE, 0.7723));
        assertThat(loss.classification()).isEqualTo(Classification.SIGNIFICANT_LOSS);
        // the femoral neck of that device has no configured precision: ISCD default applies
        Comparison neck = rule.compare(HOLOGIC, bmd(Site.FEMORAL_NECK, 0.800), HOLOGIC,
                bmd(Site.FEMORAL_NECK, 0.8277));
        assertThat(neck.threshold()).isEqualTo(6.9);
    }

    @Test
    void differentDevicesAreNotComparableUnlessCrossCalibrated() {
        Comparison other = defaults.compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 0.800), LUNAR,
                bmd(Site.LUMBAR_SPINE, 0.950));
        assertThat(other.classification()).isEqualTo(Classification.NOT_COMPARABLE);
        assertThat(other.basis()).isEqualTo(Comparison.Basis.NONE);
        assertThat(other.bmdChangePercent()).isNull();
        assertThat(other.notComparableReason()).contains("new baseline");
        assertThat(other.notComparableCause()).isEqualTo(NotComparableCause.DEVICE_CHANGED);

        Comparison sameMakeOtherSerial = defaults.compare(HOLOGIC, z(Site.LUMBAR_SPINE, -2.0), HOLOGIC_OTHER,
                z(Site.LUMBAR_SPINE, -1.0));
        assertThat(sameMakeOtherSerial.classification()).isEqualTo(Classification.NOT_COMPARABLE);

        RulesConfig calibrated = RulesConfig.builder().crossCalibrated("GE_LUNAR:L-7", "HOLOGIC:H-1").build();
        Comparison c = new BmdComparisonRule(calibrated).compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 0.800), LUNAR,
                bmd(Site.LUMBAR_SPINE, 0.900));
        assertThat(c.classification()).isEqualTo(Classification.SIGNIFICANT_GAIN);
        assertThat(c.bmdChangePercent()).isEqualTo(12.5);
    }

    @Test
    void bmdIsPreferredAndZIsUsedOnlyWhenBmdIsMissing() {
        Measurement earlier = new Measurement(Site.LUMBAR_SPINE, null, 1.000, -1.0, -2.0);
        Measurement later = new Measurement(Site.LUMBAR_SPINE, null, 1.010, -0.5, -1.5);
        Comparison c = defaults.compare(HOLOGIC, earlier, HOLOGIC, later);
        assertThat(c.basis()).isEqualTo(Comparison.Basis.BMD_PERCENT);
        assertThat(c.classification()).isEqualTo(Classification.STABLE);
        assertThat(c.deltaZ()).isEqualTo(0.5);
        assertThat(c.deltaT()).isEqualTo(0.5);

        Comparison mixed = defaults.compare(HOLOGIC, bmd(Site.LUMBAR_SPINE, 1.0), HOLOGIC, z(Site.LUMBAR_SPINE, -2));
        assertThat(mixed.classification()).isEqualTo(Classification.NOT_COMPARABLE);
        assertThat(mixed.notComparableReason()).contains("No common measure");

        Comparison radius = defaults.compare(HOLOGIC, z(Site.DISTAL_RADIUS_33, -2), HOLOGIC,
                z(Site.DISTAL_RADIUS_33, -1));
        assertThat(radius.classification()).isEqualTo(Classification.NOT_COMPARABLE);
        assertThat(radius.notComparableReason()).contains("No LSC or delta-Z threshold configured");
    }
}
