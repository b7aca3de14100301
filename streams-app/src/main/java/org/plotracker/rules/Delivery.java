package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A recorded delivery.
 *
 * @param feeding the feeding plan or status recorded at delivery
 */
public record Delivery(String eventId, LocalDate date, Feeding feeding) {

    /** Feeding as recorded at delivery; NOT_RECORDED when the source gave none (or a value this version does not know). */
    public enum Feeding { BREAST_FEEDING, NOT_BREAST_FEEDING, NOT_RECORDED }

    public Delivery {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(feeding, "feeding");
    }

    /** A delivery with no feeding recorded. */
    public Delivery(String eventId, LocalDate date) {
        this(eventId, date, Feeding.NOT_RECORDED);
    }

    public boolean breastFeeding() {
        return feeding == Feeding.BREAST_FEEDING;
    }
}
