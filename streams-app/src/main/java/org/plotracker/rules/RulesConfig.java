package org.plotracker.rules;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Every threshold the clinical rules use, with its documented default and source (DOMAIN.md, docs/rules.md). Immutable;
 * build one with {@link #builder()} or load a clinic's overrides with {@link #fromProperties(Properties)}. The
 * {@link #ruleSetVersion()} goes into every alert and alert id, so change it whenever a clinic changes a threshold.
 */
public final class RulesConfig {

    /** Prefix of every property key. */
    public static final String PREFIX = "plo.rules.";

    public static final String SOURCE_ISCD_PRECISION =
            "ISCD minimum acceptable precision (J Clin Densitom 2006, PMID 16731429)";
    public static final String SOURCE_ISCD_LSC = "ISCD precision guidance: LSC = 2.77 x RMS-SD (95% confidence)";
    public static final String SOURCE_DELTA_Z = "project policy for scans reported only as Z-scores: ISCD-minimum %LSC"
            + " (J Clin Densitom 2006) x typical PLO BMD / reference SD 0.11 g/cm2 (derivation in docs/rules.md)";
    public static final String SOURCE_ISCD_Z = "ISCD Official Positions (Leib et al., J Clin Densitom 2006):"
            + " Z <= -2.0 is below the expected range for age";
    public static final String SOURCE_GENERALIZED_LSC = "Shepherd & Lu, J Clin Densitom 2007: least significant change"
            + " across two DXA systems combines both precision errors";
    public static final String SOURCE_DEVICE_CHANGE = "Genant et al., J Bone Miner Res 1994: spine BMD differs by about"
            + " 12% between Hologic and Lunar devices; a device change starts a new baseline";
    public static final String SOURCE_EPISODE_WINDOW = "project policy: PLO fractures occur in the third trimester and"
            + " the months after delivery, mostly while breast-feeding (Kovacs & Ralston, Osteoporos Int 2015);"
            + " 18 months covers a year of lactation and the delay to diagnosis";
    public static final String SOURCE_LOSS_ON_TREATMENT = "project policy: on calcium/vitamin D or teriparatide, PLO"
            + " studies report gains at 12 months (meta-analysis, Anagnostis et al., J Clin Endocrinol Metab 2024),"
            + " so a loss beyond LSC on treatment is raised one step";
    public static final String SOURCE_LOSS_WITH_FRACTURE = "project policy: a measured loss together with a new"
            + " fracture is raised one step (no published threshold)";
    public static final String SOURCE_LACTATION = "Kovacs, Physiol Rev 2016 (review): lactation lowers spine BMD by"
            + " 5-10% over the first 6 months, restored after weaning; Kalkwarf & Specker, Obstet Gynecol 1995:"
            + " -3.9% at the spine over 6 months of lactation, regained after weaning";
    public static final String SOURCE_LACTATION_SEVERITY = "project policy: a spine loss within the range expected"
            + " during lactation is lowered one step; other factors still raise it";
    public static final String SOURCE_KYVERNITAKIS_LATER_PREGNANCY = "Kyvernitakis et al., Osteoporos Int 2018:"
            + " 6 of the 30 women with PLO who became pregnant again (20%) fractured in that pregnancy";
    public static final String SOURCE_KYVERNITAKIS_MULTIPLE = "Kyvernitakis et al., Osteoporos Int 2018 (107 patients,"
            + " median 6 y): later fractures 27% with more than one vertebral fracture vs 10% with one or none";
    public static final String SOURCE_CUMMINGS = "Cummings et al., J Bone Miner Res 2018 (post-hoc analysis of the"
            + " FREEDOM trial and its extension): vertebral fractures 1.2 -> 7.1 per 100 patient-years after stopping"
            + " denosumab";
    public static final String SOURCE_DENOSUMAB_WINDOW = "project policy: the rebound follows the waning of the last"
            + " dose (given every 6 months); the factor applies up to plo.rules.recurrence.denosumabReboundMonths after"
            + " it";
    public static final String SOURCE_LOW_Z_RECURRENCE = "project policy (no published recurrence figure): BMD still"
            + " below the expected range for age, ISCD Official Positions (Leib et al., J Clin Densitom 2006)";
    public static final String SOURCE_NO_RECOVERY = "project policy (no published recurrence figure): PLO studies"
            + " report BMD gains within 12 months (meta-analysis, Anagnostis et al., J Clin Endocrinol Metab 2024)";
    public static final String SOURCE_SHORT_INTERVAL = "project policy (no published threshold): a pregnancy before"
            + " bone recovered from the index pregnancy and lactation (Kovacs & Ralston, Osteoporos Int 2015)";
    public static final String SOURCE_HEPARIN_GLUCOCORTICOID = "Kovacs & Ralston, Osteoporos Int 2015 (review):"
            + " heparin and glucocorticoids are among the exposures reported in PLO";
    public static final String SOURCE_UKTIS_BISPHOSPHONATE = "UKTIS 2022 (UK Teratology Information Service,"
            + " bisphosphonates in pregnancy): they stay in bone for years; stopped before conception";
    public static final String SOURCE_TERIPARATIDE_LABEL = "Teriparatide SmPC (EMA): not used in pregnancy; at most"
            + " 24 months of treatment in a lifetime";
    public static final String SOURCE_DENOSUMAB_LABEL = "Denosumab SmPC (Prolia, EMA): not recommended in pregnancy";
    public static final String SOURCE_LOW_BMD_EPISODE = "project policy: PLO is defined by fragility fractures"
            + " (Kovacs & Ralston, Osteoporos Int 2015); normal lactation lowers spine BMD (Kovacs, Physiol Rev 2016),"
            + " and no recurrence figure exists for low BMD without a fracture";

    private final String ruleSetVersion;
    private final int episodeWindowMonths;
    private final int thirdTrimesterDays;
    private final double lowZScore;
    private final double lscMultiplier;
    private final Map<Site, Double> lscPercent;
    private final Map<Site, Double> deltaZThreshold;
    private final Map<String, Map<Site, Double>> devicePrecisionRmsSd;
    private final Set<String> crossCalibratedPairs;
    private final int baselineLookbackDays;
    private final int persistentLowZMonths;
    private final int shortIntervalMonths;
    private final int highTierWeakerFactors;
    private final int pregnancyLinkDays;
    private final int lactationMonths;
    private final double lactationExpectedSpineLossPercent;
    private final int lactationSeverityStepsDown;
    private final int denosumabReboundMonths;

    private RulesConfig(Builder b) {
        this.ruleSetVersion = requireText(b.ruleSetVersion, "ruleSetVersion");
        this.episodeWindowMonths = positive(b.episodeWindowMonths, "episodeWindowMonths");
        this.thirdTrimesterDays = nonNegative(b.thirdTrimesterDays, "thirdTrimesterDays");
        this.lowZScore = b.lowZScore;
        this.lscMultiplier = positive(b.lscMultiplier, "lscMultiplier");
        b.lscPercent.forEach((s, v) -> positive(v, "lscPercent." + s));
        b.deltaZThreshold.forEach((s, v) -> positive(v, "deltaZ." + s));
        b.devicePrecisionRmsSd.forEach((d, m) -> m.forEach((s, v) -> positive(v, "precision." + d + "." + s)));
        this.lscPercent = Collections.unmodifiableMap(new EnumMap<>(b.lscPercent));
        this.deltaZThreshold = Collections.unmodifiableMap(new EnumMap<>(b.deltaZThreshold));
        Map<String, Map<Site, Double>> precision = new HashMap<>();
        b.devicePrecisionRmsSd.forEach((d, m) -> precision.put(d, Collections.unmodifiableMap(new EnumMap<>(m))));
        this.devicePrecisionRmsSd = Collections.unmodifiableMap(precision);
        this.crossCalibratedPairs = Set.copyOf(b.crossCalibratedPairs);
        this.baselineLookbackDays = nonNegative(b.baselineLookbackDays, "baselineLookbackDays");
        this.persistentLowZMonths = nonNegative(b.persistentLowZMonths, "persistentLowZMonths");
        this.shortIntervalMonths = nonNegative(b.shortIntervalMonths, "shortIntervalMonths");
        this.highTierWeakerFactors = positive(b.highTierWeakerFactors, "highTierWeakerFactors");
        this.pregnancyLinkDays = positive(b.pregnancyLinkDays, "pregnancyLinkDays");
        this.lactationMonths = nonNegative(b.lactationMonths, "lactationMonths");
        this.lactationExpectedSpineLossPercent = positive(b.lactationExpectedSpineLossPercent,
                "lactationExpectedSpineLossPercent");
        if (b.lactationSeverityStepsDown < 0 || b.lactationSeverityStepsDown > 2) {
            throw new IllegalArgumentException("lactationSeverityStepsDown must be 0, 1 or 2, got "
                    + b.lactationSeverityStepsDown);
        }
        this.lactationSeverityStepsDown = b.lactationSeverityStepsDown;
        this.denosumabReboundMonths = positive(b.denosumabReboundMonths, "denosumabReboundMonths");
    }

    /** The documented defaults. */
    public static RulesConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ruleSetVersion = ruleSetVersion;
        b.episodeWindowMonths = episodeWindowMonths;
        b.thirdTrimesterDays = thirdTrimesterDays;
        b.lowZScore = lowZScore;
        b.lscMultiplier = lscMultiplier;
        b.lscPercent.clear();
        b.lscPercent.putAll(lscPercent);
        b.deltaZThreshold.clear();
        b.deltaZThreshold.putAll(deltaZThreshold);
        devicePrecisionRmsSd.forEach((d, m) -> b.devicePrecisionRmsSd.put(d, new EnumMap<>(m)));
        b.crossCalibratedPairs.addAll(crossCalibratedPairs);
        b.baselineLookbackDays = baselineLookbackDays;
        b.persistentLowZMonths = persistentLowZMonths;
        b.shortIntervalMonths = shortIntervalMonths;
        b.highTierWeakerFactors = highTierWeakerFactors;
        b.pregnancyLinkDays = pregnancyLinkDays;
        b.lactationMonths = lactationMonths;
        b.lactationExpectedSpineLossPercent = lactationExpectedSpineLossPercent;
        b.lactationSeverityStepsDown = lactationSeverityStepsDown;
        b.denosumabReboundMonths = denosumabReboundMonths;
        return b;
    }

    /**
     * The defaults overridden by every {@code plo.rules.*} key present in {@code props}. Keys (see docs/rules.md):
     * <ul>
     *   <li>{@code plo.rules.ruleSetVersion}</li>
     *   <li>{@code plo.rules.episode.windowMonths}, {@code plo.rules.episode.thirdTrimesterDays}</li>
     *   <li>{@code plo.rules.lowZScore}</li>
     *   <li>{@code plo.rules.lsc.multiplier}, {@code plo.rules.lsc.percent.<SITE>}</li>
     *   <li>{@code plo.rules.deltaZ.<SITE>}</li>
     *   <li>{@code plo.rules.precision.<deviceKey>.<SITE>} = RMS-SD in g/cm² (deviceKey as {@link DxaDeviceRef#key()})</li>
     *   <li>{@code plo.rules.crossCalibrated} = comma-separated {@code <deviceKeyA>~<deviceKeyB>} pairs</li>
     *   <li>{@code plo.rules.baseline.lookbackDays}</li>
     *   <li>{@code plo.rules.severity.persistentLowZMonths}</li>
     *   <li>{@code plo.rules.recurrence.shortIntervalMonths}, {@code plo.rules.recurrence.highTierWeakerFactors},
     *       {@code plo.rules.recurrence.pregnancyLinkDays}, {@code plo.rules.recurrence.denosumabReboundMonths}</li>
     *   <li>{@code plo.rules.lactation.months}, {@code plo.rules.lactation.expectedSpineLossPercent},
     *       {@code plo.rules.lactation.severityStepsDown}</li>
     * </ul>
     * An unknown {@code plo.rules.*} key or an unparsable value is an error naming the key.
     */
    public static RulesConfig fromProperties(Properties props) {
        Builder b = builder();
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            String value = props.getProperty(key).trim();
            try {
                apply(b, name, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid rules property " + key + "=" + value + ": "
                        + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static void apply(Builder b, String name, String value) {
        switch (name) {
            case "ruleSetVersion" -> b.ruleSetVersion(value);
            case "episode.windowMonths" -> b.episodeWindowMonths(Integer.parseInt(value));
            case "episode.thirdTrimesterDays" -> b.thirdTrimesterDays(Integer.parseInt(value));
            case "lowZScore" -> b.lowZScore(Double.parseDouble(value));
            case "lsc.multiplier" -> b.lscMultiplier(Double.parseDouble(value));
            case "crossCalibrated" -> {
                for (String pair : value.split(",")) {
                    String[] ends = pair.trim().split("~");
                    if (ends.length != 2 || ends[0].isBlank() || ends[1].isBlank()) {
                        throw new IllegalArgumentException("expected <deviceKeyA>~<deviceKeyB>, got '" + pair + "'");
                    }
                    b.crossCalibrated(ends[0].trim(), ends[1].trim());
                }
            }
            case "baseline.lookbackDays" -> b.baselineLookbackDays(Integer.parseInt(value));
            case "severity.persistentLowZMonths" -> b.persistentLowZMonths(Integer.parseInt(value));
            case "recurrence.shortIntervalMonths" -> b.shortIntervalMonths(Integer.parseInt(value));
            case "recurrence.highTierWeakerFactors" -> b.highTierWeakerFactors(Integer.parseInt(value));
            case "recurrence.pregnancyLinkDays" -> b.pregnancyLinkDays(Integer.parseInt(value));
            case "recurrence.denosumabReboundMonths" -> b.denosumabReboundMonths(Integer.parseInt(value));
            case "lactation.months" -> b.lactationMonths(Integer.parseInt(value));
            case "lactation.expectedSpineLossPercent" -> b.lactationExpectedSpineLossPercent(Double.parseDouble(value));
            case "lactation.severityStepsDown" -> b.lactationSeverityStepsDown(Integer.parseInt(value));
            default -> {
                if (name.startsWith("lsc.percent.")) {
                    b.lscPercent(site(name.substring("lsc.percent.".length())), Double.parseDouble(value));
                } else if (name.startsWith("deltaZ.")) {
                    b.deltaZThreshold(site(name.substring("deltaZ.".length())), Double.parseDouble(value));
                } else if (name.startsWith("precision.")) {
                    String rest = name.substring("precision.".length());
                    int dot = rest.lastIndexOf('.');
                    if (dot <= 0) {
                        throw new IllegalArgumentException("expected precision.<deviceKey>.<SITE>");
                    }
                    b.devicePrecision(rest.substring(0, dot), site(rest.substring(dot + 1)),
                            Double.parseDouble(value));
                } else {
                    throw new IllegalArgumentException("unknown rules key");
                }
            }
        }
    }

    private static Site site(String name) {
        try {
            return Site.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown DXA site '" + name + "'", e);
        }
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "~" + b : b + "~" + a;
    }

    public String ruleSetVersion() {
        return ruleSetVersion;
    }

    /** Months after a delivery within which a fragility fracture or low Z-score is a PLO index episode. */
    public int episodeWindowMonths() {
        return episodeWindowMonths;
    }

    /** Days before a delivery that count as the third trimester (fractures there belong to that delivery). */
    public int thirdTrimesterDays() {
        return thirdTrimesterDays;
    }

    /** Z-score at or below which BMD is below the expected range for age. */
    public double lowZScore() {
        return lowZScore;
    }

    public double lscMultiplier() {
        return lscMultiplier;
    }

    /** Default LSC in % of the earlier BMD, when the device's precision is not configured. */
    public Optional<Double> lscPercent(Site site) {
        return Optional.ofNullable(lscPercent.get(site));
    }

    /** ΔZ threshold of a site, used when only Z-scores are known. */
    public Optional<Double> deltaZThreshold(Site site) {
        return Optional.ofNullable(deltaZThreshold.get(site));
    }

    /** The centre's measured precision error (RMS-SD, g/cm²) of a device at a site, if configured. */
    public Optional<Double> precisionRmsSd(DxaDeviceRef device, Site site) {
        Map<Site, Double> bySite = devicePrecisionRmsSd.get(device.key());
        return bySite == null ? Optional.empty() : Optional.ofNullable(bySite.get(site));
    }

    /** True when the clinic configured the two devices as cross-calibrated. */
    public boolean crossCalibrated(DxaDeviceRef a, DxaDeviceRef b) {
        return crossCalibratedPairs.contains(pairKey(a.key(), b.key()));
    }

    /** A scan up to this many days before the episode date still counts as the baseline (diagnostic work-up). */
    public int baselineLookbackDays() {
        return baselineLookbackDays;
    }

    /** Z still at or below {@link #lowZScore()} this many months or more after the episode raises BMD severity. */
    public int persistentLowZMonths() {
        return persistentLowZMonths;
    }

    /** A later pregnancy fewer than this many months after the index delivery is a (weaker) recurrence factor. */
    public int shortIntervalMonths() {
        return shortIntervalMonths;
    }

    /** Weaker recurrence factors that together make the tier HIGH. */
    public int highTierWeakerFactors() {
        return highTierWeakerFactors;
    }

    /** A pregnancy confirmation belongs to a delivery at most this many days after it. */
    public int pregnancyLinkDays() {
        return pregnancyLinkDays;
    }

    /**
     * Months after a delivery with breast-feeding recorded during which a spine loss is stated as "during lactation"
     * (no weaning date is recorded, so the period is counted from the delivery).
     */
    public int lactationMonths() {
        return lactationMonths;
    }

    /** The largest spine loss (% of the earlier BMD) still in the range expected during lactation. */
    public double lactationExpectedSpineLossPercent() {
        return lactationExpectedSpineLossPercent;
    }

    /** Steps (0-2) a spine loss within the expected lactation range is lowered by, before other factors raise it. */
    public int lactationSeverityStepsDown() {
        return lactationSeverityStepsDown;
    }

    /** Months after the last denosumab dose during which stopping without follow-on therapy is a recurrence factor. */
    public int denosumabReboundMonths() {
        return denosumabReboundMonths;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RulesConfig c && ruleSetVersion.equals(c.ruleSetVersion)
                && episodeWindowMonths == c.episodeWindowMonths && thirdTrimesterDays == c.thirdTrimesterDays
                && lowZScore == c.lowZScore && lscMultiplier == c.lscMultiplier && lscPercent.equals(c.lscPercent)
                && deltaZThreshold.equals(c.deltaZThreshold) && devicePrecisionRmsSd.equals(c.devicePrecisionRmsSd)
                && crossCalibratedPairs.equals(c.crossCalibratedPairs)
                && baselineLookbackDays == c.baselineLookbackDays && persistentLowZMonths == c.persistentLowZMonths
                && shortIntervalMonths == c.shortIntervalMonths && highTierWeakerFactors == c.highTierWeakerFactors
                && pregnancyLinkDays == c.pregnancyLinkDays && lactationMonths == c.lactationMonths
                && lactationExpectedSpineLossPercent == c.lactationExpectedSpineLossPercent
                && lactationSeverityStepsDown == c.lactationSeverityStepsDown
                && denosumabReboundMonths == c.denosumabReboundMonths;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleSetVersion, episodeWindowMonths, lscPercent, deltaZThreshold, devicePrecisionRmsSd);
    }

    @Override
    public String toString() {
        return "RulesConfig{" + ruleSetVersion + ", episodeWindowMonths=" + episodeWindowMonths
                + ", thirdTrimesterDays=" + thirdTrimesterDays + ", lowZScore=" + lowZScore + ", lscMultiplier="
                + lscMultiplier + ", lscPercent=" + lscPercent + ", deltaZ=" + deltaZThreshold + ", precision="
                + devicePrecisionRmsSd + ", crossCalibrated=" + crossCalibratedPairs + ", baselineLookbackDays="
                + baselineLookbackDays + ", persistentLowZMonths=" + persistentLowZMonths + ", shortIntervalMonths="
                + shortIntervalMonths + ", highTierWeakerFactors=" + highTierWeakerFactors + ", pregnancyLinkDays="
                + pregnancyLinkDays + ", lactationMonths=" + lactationMonths + ", lactationExpectedSpineLossPercent="
                + lactationExpectedSpineLossPercent + ", lactationSeverityStepsDown=" + lactationSeverityStepsDown
                + ", denosumabReboundMonths=" + denosumabReboundMonths + "}";
    }

    private static String requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return s;
    }

    private static int positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return v;
    }

    private static int nonNegative(int v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + v);
        }
        return v;
    }

    private static double positive(double v, String name) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + v);
        }
        return v;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        /** Version of the default rule set. */
        private String ruleSetVersion = "plo-rules-1.1";
        /** {@link #SOURCE_EPISODE_WINDOW}: fractures up to 18 months after delivery count. */
        private int episodeWindowMonths = 18;
        /** Third trimester from 28 weeks to a delivery at up to 42 weeks: 14 weeks. */
        private int thirdTrimesterDays = 98;
        /** ISCD 2006: Z <= -2.0 is below the expected range for age. */
        private double lowZScore = -2.0;
        /** ISCD: LSC = 2.77 x precision error (95% confidence). */
        private double lscMultiplier = 2.77;
        private final Map<Site, Double> lscPercent = new EnumMap<>(Map.of(
                Site.LUMBAR_SPINE, 5.3, Site.TOTAL_HIP, 5.0, Site.FEMORAL_NECK, 6.9));
        private final Map<Site, Double> deltaZThreshold = new EnumMap<>(Map.of(
                Site.LUMBAR_SPINE, 0.4, Site.FEMORAL_NECK, 0.45, Site.TOTAL_HIP, 0.35));
        private final Map<String, Map<Site, Double>> devicePrecisionRmsSd = new HashMap<>();
        private final Set<String> crossCalibratedPairs = new HashSet<>();
        /** Project default: a DXA of the diagnostic work-up up to 90 days before the fracture diagnosis. */
        private int baselineLookbackDays = 90;
        /** Project policy: Z still <= -2.0 a year or more after the episode (the usual DXA follow-up interval). */
        private int persistentLowZMonths = 12;
        /** Project default; DOMAIN.md names a short interval as a weaker factor without a threshold. */
        private int shortIntervalMonths = 24;
        /** Project default: two weaker factors together make the tier HIGH. */
        private int highTierWeakerFactors = 2;
        /** About 43 weeks: a confirmation belongs to a delivery at most this many days later. */
        private int pregnancyLinkDays = 300;
        /** {@link #SOURCE_LACTATION}: about 6 months of lactation-associated spine loss. */
        private int lactationMonths = 6;
        /** {@link #SOURCE_LACTATION}: up to 10% spine loss is expected during lactation. */
        private double lactationExpectedSpineLossPercent = 10.0;
        /** {@link #SOURCE_LACTATION_SEVERITY}. */
        private int lactationSeverityStepsDown = 1;
        /** {@link #SOURCE_DENOSUMAB_WINDOW}: project policy, 24 months after the last dose. */
        private int denosumabReboundMonths = 24;

        private Builder() {
        }

        public Builder ruleSetVersion(String v) {
            this.ruleSetVersion = v;
            return this;
        }

        public Builder episodeWindowMonths(int v) {
            this.episodeWindowMonths = v;
            return this;
        }

        public Builder thirdTrimesterDays(int v) {
            this.thirdTrimesterDays = v;
            return this;
        }

        public Builder lowZScore(double v) {
            this.lowZScore = v;
            return this;
        }

        public Builder lscMultiplier(double v) {
            this.lscMultiplier = v;
            return this;
        }

        public Builder lscPercent(Site site, double percent) {
            this.lscPercent.put(site, percent);
            return this;
        }

        public Builder deltaZThreshold(Site site, double deltaZ) {
            this.deltaZThreshold.put(site, deltaZ);
            return this;
        }

        /** The centre's precision error (RMS-SD, g/cm²) of one device at one site. */
        public Builder devicePrecision(String deviceKey, Site site, double rmsSdGramsPerCm2) {
            this.devicePrecisionRmsSd.computeIfAbsent(deviceKey, k -> new EnumMap<>(Site.class))
                    .put(site, rmsSdGramsPerCm2);
            return this;
        }

        /** Declares two devices cross-calibrated: their BMD values are compared as if from one device. */
        public Builder crossCalibrated(String deviceKeyA, String deviceKeyB) {
            this.crossCalibratedPairs.add(pairKey(deviceKeyA, deviceKeyB));
            return this;
        }

        public Builder baselineLookbackDays(int v) {
            this.baselineLookbackDays = v;
            return this;
        }

        public Builder persistentLowZMonths(int v) {
            this.persistentLowZMonths = v;
            return this;
        }

        public Builder shortIntervalMonths(int v) {
            this.shortIntervalMonths = v;
            return this;
        }

        public Builder highTierWeakerFactors(int v) {
            this.highTierWeakerFactors = v;
            return this;
        }

        public Builder pregnancyLinkDays(int v) {
            this.pregnancyLinkDays = v;
            return this;
        }

        public Builder lactationMonths(int v) {
            this.lactationMonths = v;
            return this;
        }

        public Builder lactationExpectedSpineLossPercent(double v) {
            this.lactationExpectedSpineLossPercent = v;
            return this;
        }

        public Builder lactationSeverityStepsDown(int v) {
            this.lactationSeverityStepsDown = v;
            return this;
        }

        public Builder denosumabReboundMonths(int v) {
            this.denosumabReboundMonths = v;
            return this;
        }

        public RulesConfig build() {
            return new RulesConfig(this);
        }
    }
}
