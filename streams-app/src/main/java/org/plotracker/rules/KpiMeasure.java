package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One patient's measure of one KPI (e.g. her index fracture's DXA within 12 weeks).
 *
 * @param subject        what is measured, stable for the same anchor (e.g. the index fracture's date)
 * @param reportingMonth {@code yyyy-MM}
 * @param windowEnd      last day on which the measure can still be met
 * @param met            TRUE or FALSE once the events decide it; null while only time can (met if nothing happens by
 *                       {@code windowEnd} is never the case: a measure undecided after its window is missed)
 */
public record KpiMeasure(Kpi kpi, String subject, String reportingMonth, String sourceSystem, LocalDate windowEnd,
                         Boolean met) {

    public KpiMeasure {
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(reportingMonth, "reportingMonth");
        Objects.requireNonNull(sourceSystem, "sourceSystem");
        Objects.requireNonNull(windowEnd, "windowEnd");
    }

    /** The outcome as of {@code today}: met, missed, or null while still open. */
    public Boolean outcomeOn(LocalDate today) {
        if (met != null) {
            return met;
        }
        return today.isAfter(windowEnd) ? Boolean.FALSE : null;
    }

    /** Key of the measure within a patient: {@code <kpi>|<subject>}. */
    public String key() {
        return kpi + "|" + subject;
    }
}
