package org.plotracker.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Date arithmetic shared by the rules. */
public final class ClinicalDates {

    /** Mean days per month (365.25 / 12). */
    public static final double DAYS_PER_MONTH = 30.4375;

    private ClinicalDates() {
    }

    /** Months between two dates (days / 30.4375), rounded to 0.01. */
    public static double monthsBetween(LocalDate from, LocalDate to) {
        return Numbers.round(ChronoUnit.DAYS.between(from, to) / DAYS_PER_MONTH, 2);
    }

    public static long daysBetween(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to);
    }
}
