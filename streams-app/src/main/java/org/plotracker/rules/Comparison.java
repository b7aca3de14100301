package org.plotracker.rules;

import java.util.Objects;

/**
 * The judgement of one pair of measurements at one site.
 *
 * @param basis               what the classification was judged on
 * @param threshold           the least significant change used (null when not comparable)
 * @param thresholdUnit       "% of earlier BMD" or "Z-score units"
 * @param thresholdSource     where the threshold comes from
 * @param bmdChangePercent    (later - earlier) / earlier x 100, when both BMD are known and comparable
 * @param deltaZ              later - earlier Z, when both known and comparable
 * @param deltaT              later - earlier T, when both known and comparable
 * @param notComparableReason why the pair is not comparable, in words, else null
 * @param notComparableCause  why the pair is not comparable, else null
 */
public record Comparison(Basis basis, Classification classification, Double threshold, String thresholdUnit,
                         String thresholdSource, Double bmdChangePercent, Double deltaZ, Double deltaT,
                         String notComparableReason, NotComparableCause notComparableCause) {

    public enum Basis { BMD_PERCENT, Z_SCORE, NONE }

    public static final String UNIT_PERCENT = "% of earlier BMD";
    public static final String UNIT_Z = "Z-score units";

    public Comparison {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(classification, "classification");
    }

    /** A comparable judgement (no not-comparable cause). */
    public Comparison(Basis basis, Classification classification, Double threshold, String thresholdUnit,
                      String thresholdSource, Double bmdChangePercent, Double deltaZ, Double deltaT,
                      String notComparableReason) {
        this(basis, classification, threshold, thresholdUnit, thresholdSource, bmdChangePercent, deltaZ, deltaT,
                notComparableReason, null);
    }

    static Comparison notComparable(NotComparableCause cause, String reason) {
        return new Comparison(Basis.NONE, Classification.NOT_COMPARABLE, null, null, null, null, null, null, reason,
                Objects.requireNonNull(cause, "cause"));
    }

    public boolean comparable() {
        return classification != Classification.NOT_COMPARABLE;
    }
}
