package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/** A confirmed pregnancy. */
public record PregnancyConfirmation(String eventId, LocalDate date) {
    public PregnancyConfirmation {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
    }
}
