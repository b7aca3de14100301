package org.plotracker.contracts.validation;

import java.util.Objects;

/**
 * One reason an event cannot be accepted.
 *
 * @param field  path of the offending field inside the event, e.g. {@code measurements[1].zScore}; {@code event}
 *               when the problem concerns the event as a whole
 * @param reason factual, human-readable reason, e.g. {@code Z-score 9.1 is outside -8.0..8.0}
 */
public record Violation(String field, String reason) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
