package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/** A recorded delivery. */
public record Delivery(String eventId, LocalDate date) {
    public Delivery {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
    }
}
