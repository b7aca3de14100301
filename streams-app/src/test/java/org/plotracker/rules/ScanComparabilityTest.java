package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Items 1-3 and 9 of issue 14: when two scans can be compared as a change, and what "not comparable" means. */
class ScanComparabilityTest {

    private static final DxaDeviceRef HOLOGIC = new DxaDeviceRef("HOLOGIC", "Horizon", "H-1");
    private static final DxaDeviceRef LUNAR = new DxaDeviceRef("GE_LUNAR", "iDXA", "L-7");
    private static final DxaDeviceRef UNIDENTIFIED = new DxaDeviceRef("UNKNOWN", null, null);

    private final RulesConfig config = RulesConfig.defaults();
    private final BmdComparisonRule rule = new BmdComparisonRule(config);
    private final BmdChangeAnalysis analysis = new BmdChangeAnalysis(config);

    private static Measurement spine(String region, double bmd) {
        return new Measurement(Site.LUMBAR_SPINE, region, bmd, null, null);
    }

    private static DxaScan scan(String id, String date, DxaDeviceRef device, List<String> excluded,
                                Measurement... m) {
        LocalDate day = LocalDate.parse(date);
        return new DxaScan(id, day, Instant.parse(date + "T12:00:00Z"), device, List.of(m), excluded);
    }

    private ScanPair pairOf(DxaScan a, DxaScan b, Site site) {
        PatientHistory h = new PatientHistory("P", List.of(), List.of(), List.of(), List.of(a, b), List.of());
        return analysis.pairOf(h, Optional.empty(), site, a, b).orElseThrow();
    }

    // ---- item 1: unidentified devices --------------------------------------------------------------------------

    @Test
    void twoScansWithUnknownManufacturerAndNoModelOrSerialAreNotComparable() {
        // the probe of the issue: -7.5 % was called a loss beyond LSC
        Comparison c = rule.compare(UNIDENTIFIED, spine("L1-L4", 0.800), UNIDENTIFIED, spine("L1-L4", 0.740));
        assertThat(c.classification()).isEqualTo(Classification.NOT_COMPARABLE);
        assertThat(c.notComparableCause()).isEqualTo(NotComparableCause.DEVICE_NOT_IDENTIFIED);
        assertThat(c.bmdChangePercent()).isNull();
        assertThat(c.notComparableReason()).contains("DXA device not identified").doesNotContain("new baseline");
    }

    @Test
    void aDeviceIsIdentifiedOnlyWhenItCanBeShownToBeTheSame() {
        assertThat(HOLOGIC.match(new DxaDeviceRef("HOLOGIC", "Horizon", "H-1"))).isEqualTo(DxaDeviceRef.Match.SAME);
        assertThat(HOLOGIC.match(new DxaDeviceRef("HOLOGIC", null, "H-1"))).isEqualTo(DxaDeviceRef.Match.SAME);
        assertThat(new DxaDeviceRef("HOLOGIC", "Horizon", null).match(new DxaDeviceRef("HOLOGIC", "Horizon", null)))
                .isEqualTo(DxaDeviceRef.Match.SAME);
        assertThat(HOLOGIC.match(new DxaDeviceRef("HOLOGIC", "Horizon", "H-2")))
                .isEqualTo(DxaDeviceRef.Match.DIFFERENT);
        assertThat(HOLOGIC.match(LUNAR)).isEqualTo(DxaDeviceRef.Match.DIFFERENT);
        // same manufacturer, no serial and no model on one side: cannot be shown
        assertThat(new DxaDeviceRef("HOLOGIC", null, null).match(new DxaDeviceRef("HOLOGIC", null, null)))
                .isEqualTo(DxaDeviceRef.Match.NOT_IDENTIFIED);
        assertThat(new DxaDeviceRef("HOLOGIC", null, "H-1").match(new DxaDeviceRef("HOLOGIC", "Horizon", null)))
                .isEqualTo(DxaDeviceRef.Match.NOT_IDENTIFIED);
        // an unknown manufacturer, even with equal serials
        assertThat(new DxaDeviceRef("UNKNOWN", "X", "1").match(new DxaDeviceRef("UNKNOWN", "X", "1")))
                .isEqualTo(DxaDeviceRef.Match.NOT_IDENTIFIED);
        assertThat(HOLOGIC.sameDeviceAs(UNIDENTIFIED)).isFalse();
    }

    @Test
    void crossCalibrationDoesNotIdentifyAnUnknownDevice() {
        RulesConfig c = RulesConfig.builder().crossCalibrated("UNKNOWN", "HOLOGIC:H-1").build();
        Comparison comparison = new BmdComparisonRule(c).compare(UNIDENTIFIED, spine("L1-L4", 0.800), HOLOGIC,
                spine("L1-L4", 0.700));
        assertThat(comparison.notComparableCause()).isEqualTo(NotComparableCause.DEVICE_NOT_IDENTIFIED);
    }

    // ---- item 2: regions ---------------------------------------------------------------------------------------

    @Test
    void l1ToL4AgainstL1ToL3WithL4ExcludedIsNotComparableAndNamesTheLevel() {
        DxaScan earlier = scan("s1", "2024-03-12", HOLOGIC, List.of(), spine("L1-L4", 0.800));
        DxaScan later = scan("s2", "2025-03-12", HOLOGIC, List.of("L4"), spine("L1-L3", 0.860));
        ScanPair p = pairOf(earlier, later, Site.LUMBAR_SPINE);
        assertThat(p.comparison().classification()).isEqualTo(Classification.NOT_COMPARABLE);
        assertThat(p.comparison().notComparableCause()).isEqualTo(NotComparableCause.REGION_DIFFERS);
        assertThat(p.comparison().bmdChangePercent()).isNull();
        assertThat(p.comparison().notComparableReason())
                .isEqualTo("different regions measured (L1-L4 then L1-L3 (L4 excluded); L4 only in the earlier"
                        + " result): not comparable as a change");
        assertThat(p.headline()).isEqualTo("Not comparable at LUMBAR_SPINE: different regions measured (L1-L4 then"
                + " L1-L3 (L4 excluded); L4 only in the earlier result)");
        assertThat(p.alertWorthy()).isTrue();
    }

    @Test
    void theSameLevelsAreComparableHoweverTheyAreWritten() {
        // L1-L4 with L4 excluded covers L1-L3: the same region as a scan labelled L1-L3
        Comparison same = rule.compare(scan("a", "2024-01-01", HOLOGIC, List.of("L4"), spine("L1-L4", 0.8)),
                spine("L1-L4", 0.8), scan("b", "2025-01-01", HOLOGIC, List.of(), spine("L1\u2013L3", 0.9)),
                spine("L1\u2013L3", 0.9));
        assertThat(same.comparable()).isTrue();
        // both exclude L2: comparable
        Comparison bothExclude = rule.compare(HOLOGIC, spine("L1-L4", 0.8), List.of("L2"), HOLOGIC,
                spine("L1-L4", 0.9), List.of("L2"));
        assertThat(bothExclude.comparable()).isTrue();
        // an unlabelled spine result is the standard L1-L4
        assertThat(rule.compare(HOLOGIC, spine(null, 0.8), HOLOGIC, spine("L1-L4", 0.9)).comparable()).isTrue();
    }

    @Test
    void excludingALevelOnOneScanOnlyIsNotComparable() {
        Comparison c = rule.compare(HOLOGIC, spine("L1-L4", 0.8), List.of(), HOLOGIC, spine("L1-L4", 0.9),
                List.of("L2"));
        assertThat(c.notComparableCause()).isEqualTo(NotComparableCause.REGION_DIFFERS);
        assertThat(c.notComparableReason()).contains("L2 only in the earlier result");
    }

    @Test
    void anExcludedLevelThisVersionDoesNotKnowCannotBeShownToMatch() {
        Comparison c = rule.compare(HOLOGIC, spine("L1-L4", 0.8), List.of("UNKNOWN"), HOLOGIC, spine("L1-L4", 0.9),
                List.of("UNKNOWN"));
        assertThat(c.notComparableCause()).isEqualTo(NotComparableCause.REGION_DIFFERS);
        assertThat(c.notComparableReason()).contains("not known to this version");
    }

    @Test
    void differentLabelsAtAHipSiteAreNotComparable() {
        Measurement left = new Measurement(Site.TOTAL_HIP, "Left total hip", 0.8, null, null);
        Measurement right = new Measurement(Site.TOTAL_HIP, "Right total hip", 0.9, null, null);
        assertThat(rule.compare(HOLOGIC, left, HOLOGIC, right).notComparableCause())
                .isEqualTo(NotComparableCause.REGION_DIFFERS);
        Measurement unlabelled = new Measurement(Site.TOTAL_HIP, null, 0.9, null, null);
        assertThat(rule.compare(HOLOGIC, left, HOLOGIC, unlabelled).comparable()).isTrue();
    }

    // ---- item 3: each cause its own wording --------------------------------------------------------------------

    @Test
    void onlyADeviceChangeIsANewBaseline() {
        ScanPair device = pairOf(scan("a", "2024-01-01", HOLOGIC, List.of(), spine("L1-L4", 0.8)),
                scan("b", "2025-01-01", LUNAR, List.of(), spine("L1-L4", 0.9)), Site.LUMBAR_SPINE);
        assertThat(device.comparison().notComparableCause()).isEqualTo(NotComparableCause.DEVICE_CHANGED);
        assertThat(device.headline()).isEqualTo("Not comparable at LUMBAR_SPINE: different DXA device, new baseline");
        assertThat(device.alertWorthy()).isTrue();

        ScanPair unidentified = pairOf(scan("a", "2024-01-01", UNIDENTIFIED, List.of(), spine("L1-L4", 0.8)),
                scan("b", "2025-01-01", UNIDENTIFIED, List.of(), spine("L1-L4", 0.74)), Site.LUMBAR_SPINE);
        assertThat(unidentified.headline()).isEqualTo("Not comparable at LUMBAR_SPINE: DXA device not identified");
        assertThat(unidentified.alertWorthy()).isTrue();

        ScanPair noMeasure = pairOf(
                scan("a", "2024-01-01", HOLOGIC, List.of(), new Measurement(Site.LUMBAR_SPINE, null, 0.8, null, null)),
                scan("b", "2025-01-01", HOLOGIC, List.of(), new Measurement(Site.LUMBAR_SPINE, null, null, null, -2.0)),
                Site.LUMBAR_SPINE);
        assertThat(noMeasure.comparison().notComparableCause()).isEqualTo(NotComparableCause.NO_COMMON_MEASURE);
        assertThat(noMeasure.headline()).isEqualTo("Not comparable at LUMBAR_SPINE: no common measure (BMD or"
                + " Z-score missing on one scan)");
        assertThat(noMeasure.alertWorthy()).isTrue();
        assertThat(List.of(unidentified, noMeasure)).allSatisfy(p ->
                assertThat(p.comparison().notComparableReason()).doesNotContain("new baseline"));
    }

    @Test
    void aSiteWithoutAConfiguredThresholdWritesARowButIsNotAlertWorthy() {
        for (Site site : List.of(Site.DISTAL_RADIUS_33, Site.TOTAL_BODY)) {
            Measurement a = new Measurement(site, null, 0.700, null, -1.0);
            Measurement b = new Measurement(site, null, 0.600, null, -2.5);
            ScanPair p = pairOf(scan("a", "2024-01-01", HOLOGIC, List.of(), a),
                    scan("b", "2025-01-01", HOLOGIC, List.of(), b), site);
            assertThat(p.comparison().notComparableCause()).isEqualTo(NotComparableCause.NO_THRESHOLD_FOR_SITE);
            assertThat(p.headline()).isEqualTo("Not comparable at " + site + ": no LSC or delta-Z threshold"
                    + " configured for the site");
            assertThat(p.alertWorthy()).as(site.name()).isFalse();
        }
    }

    // ---- item 9: precision of a cross-calibrated pair ----------------------------------------------------------

    @Test
    void aCrossCalibratedPairCombinesBothDevicesPrecision() {
        RulesConfig c = RulesConfig.builder().crossCalibrated("HOLOGIC:H-1", "GE_LUNAR:L-7")
                .devicePrecision("HOLOGIC:H-1", Site.LUMBAR_SPINE, 0.010)
                .devicePrecision("GE_LUNAR:L-7", Site.LUMBAR_SPINE, 0.020).build();
        Comparison comparison = new BmdComparisonRule(c).compare(HOLOGIC, spine("L1-L4", 1.000), LUNAR,
                spine("L1-L4", 1.050));
        // sqrt((0.01^2 + 0.02^2) / 2) = 0.015811; x 2.77 = 0.043797 g/cm2 = 4.3798 % of 1.000 (4.37975 rounded)
        assertThat(comparison.threshold()).isEqualTo(4.3798);
        assertThat(comparison.classification()).isEqualTo(Classification.SIGNIFICANT_GAIN);
        assertThat(comparison.thresholdSource()).contains("combined RMS-SD").contains("Shepherd & Lu");
        // with the later device's precision alone the LSC would have been 5.54 %: the pair would be STABLE
        RulesConfig laterOnly = c.toBuilder().build();
        assertThat(new BmdComparisonRule(laterOnly).compare(LUNAR, spine("L1-L4", 1.0), LUNAR, spine("L1-L4", 1.05))
                .classification()).isEqualTo(Classification.STABLE);
    }

    @Test
    void aCrossCalibratedPairWithOnePrecisionMissingFallsBackToTheIscdDefault() {
        RulesConfig c = RulesConfig.builder().crossCalibrated("HOLOGIC:H-1", "GE_LUNAR:L-7")
                .devicePrecision("GE_LUNAR:L-7", Site.LUMBAR_SPINE, 0.010).build();
        Comparison comparison = new BmdComparisonRule(c).compare(HOLOGIC, spine("L1-L4", 1.000), LUNAR,
                spine("L1-L4", 1.040));
        assertThat(comparison.threshold()).isEqualTo(5.3);
        assertThat(comparison.thresholdSource()).contains("ISCD");
    }
}
