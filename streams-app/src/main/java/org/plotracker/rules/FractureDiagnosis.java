package org.plotracker.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Fractures diagnosed at one imaging study.
 *
 * @param fragility        false only when the trauma was recorded as high (NONE, LOW and not-recorded trauma count)
 * @param vertebrae        fractured vertebral levels, e.g. "T12"
 * @param otherSites       non-vertebral fracture regions, e.g. "SACRUM"
 */
public record FractureDiagnosis(String eventId, LocalDate date, boolean fragility, List<String> vertebrae,
                                List<String> otherSites) {
    public FractureDiagnosis {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        vertebrae = List.copyOf(vertebrae);
        otherSites = List.copyOf(otherSites);
    }
}
