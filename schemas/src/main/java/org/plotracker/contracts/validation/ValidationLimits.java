package org.plotracker.contracts.validation;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The plausibility limits an event must respect. Every value is a configurable default, not a clinical constant:
 * the defaults reject values that cannot come from a real measurement or record, they do not judge whether a value is
 * normal.
 *
 * @param maxAbsScore                   largest plausible |T-score| and |Z-score| (default 8 standard deviations)
 * @param minBmdGramsPerCm2             smallest plausible areal BMD in g/cm² (default 0.1)
 * @param maxBmdGramsPerCm2             largest plausible areal BMD in g/cm² (default 2.5)
 * @param maxDaysClinicalAfterRecorded  how many days the clinical date may lie after the UTC date of
 *                                      {@code recordedAt} (default 1, absorbs time zones); the check uses no wall clock
 * @param earliestClinicalDate          no clinical date, recording time or symptom onset before this (default 1900-01-01)
 * @param minGestationalWeeks           smallest plausible gestational age in completed weeks (default 4)
 * @param maxGestationalWeeks           largest plausible gestational age in completed weeks (default 45)
 * @param minParity                     smallest parity of a delivery, this birth included (default 1)
 * @param maxParity                     largest plausible parity (default 20)
 * @param maxRecordedAtAhead            how far {@code recordedAt} may lie after the validator's clock (the time of
 *                                      publishing or processing); default 10 minutes, project policy: it absorbs
 *                                      clock differences between a clinic system and the tracker, while a time zone
 *                                      recorded wrongly (hours) or an impossible year is refused
 */
public record ValidationLimits(
        double maxAbsScore,
        double minBmdGramsPerCm2,
        double maxBmdGramsPerCm2,
        int maxDaysClinicalAfterRecorded,
        LocalDate earliestClinicalDate,
        int minGestationalWeeks,
        int maxGestationalWeeks,
        int minParity,
        int maxParity,
        Duration maxRecordedAtAhead) {

    /** The default tolerance for a {@code recordedAt} ahead of the clock. */
    public static final Duration DEFAULT_MAX_RECORDED_AT_AHEAD = Duration.ofMinutes(10);

    /** Limits with the default {@code recordedAt} tolerance. */
    public ValidationLimits(double maxAbsScore, double minBmdGramsPerCm2, double maxBmdGramsPerCm2,
                            int maxDaysClinicalAfterRecorded, LocalDate earliestClinicalDate, int minGestationalWeeks,
                            int maxGestationalWeeks, int minParity, int maxParity) {
        this(maxAbsScore, minBmdGramsPerCm2, maxBmdGramsPerCm2, maxDaysClinicalAfterRecorded, earliestClinicalDate,
                minGestationalWeeks, maxGestationalWeeks, minParity, maxParity, DEFAULT_MAX_RECORDED_AT_AHEAD);
    }

    public ValidationLimits {
        Objects.requireNonNull(earliestClinicalDate, "earliestClinicalDate");
        Objects.requireNonNull(maxRecordedAtAhead, "maxRecordedAtAhead");
        requireThat(!maxRecordedAtAhead.isNegative(), "maxRecordedAtAhead must not be negative");
        requireThat(Double.isFinite(maxAbsScore) && maxAbsScore > 0, "maxAbsScore must be a positive number");
        requireThat(Double.isFinite(minBmdGramsPerCm2) && minBmdGramsPerCm2 >= 0,
                "minBmdGramsPerCm2 must be a non-negative number");
        requireThat(Double.isFinite(maxBmdGramsPerCm2) && maxBmdGramsPerCm2 > minBmdGramsPerCm2,
                "maxBmdGramsPerCm2 must be greater than minBmdGramsPerCm2");
        requireThat(maxDaysClinicalAfterRecorded >= 0, "maxDaysClinicalAfterRecorded must not be negative");
        requireThat(minGestationalWeeks >= 0 && maxGestationalWeeks >= minGestationalWeeks,
                "gestational weeks range must satisfy 0 <= min <= max");
        requireThat(minParity >= 1 && maxParity >= minParity, "parity range must satisfy 1 <= min <= max");
    }

    /** The project defaults (see the record's parameters). */
    public static ValidationLimits defaults() {
        return new ValidationLimits(8.0, 0.1, 2.5, 1, LocalDate.of(1900, 1, 1), 4, 45, 1, 20);
    }

    public ValidationLimits withMaxDaysClinicalAfterRecorded(int days) {
        return new ValidationLimits(maxAbsScore, minBmdGramsPerCm2, maxBmdGramsPerCm2, days, earliestClinicalDate,
                minGestationalWeeks, maxGestationalWeeks, minParity, maxParity, maxRecordedAtAhead);
    }

    public ValidationLimits withMaxAbsScore(double score) {
        return new ValidationLimits(score, minBmdGramsPerCm2, maxBmdGramsPerCm2, maxDaysClinicalAfterRecorded,
                earliestClinicalDate, minGestationalWeeks, maxGestationalWeeks, minParity, maxParity,
                maxRecordedAtAhead);
    }

    public ValidationLimits withBmdRange(double min, double max) {
        return new ValidationLimits(maxAbsScore, min, max, maxDaysClinicalAfterRecorded, earliestClinicalDate,
                minGestationalWeeks, maxGestationalWeeks, minParity, maxParity, maxRecordedAtAhead);
    }

    public ValidationLimits withMaxRecordedAtAhead(Duration tolerance) {
        return new ValidationLimits(maxAbsScore, minBmdGramsPerCm2, maxBmdGramsPerCm2, maxDaysClinicalAfterRecorded,
                earliestClinicalDate, minGestationalWeeks, maxGestationalWeeks, minParity, maxParity, tolerance);
    }

    private static void requireThat(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
