package org.plotracker.topology;

import java.time.Clock;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.ValidationLimits;
import org.plotracker.contracts.validation.Violation;

/** Checks an event for impossible values and missing parts; an empty list means valid. */
@FunctionalInterface
public interface EventScreen {

    /**
     * Every problem as {@code "<field>: <reason>"} (the format of {@link Violation#toString()}), e.g.
     * {@code "measurements[0].zScore: Z-score -9.5 is outside -8.0..8.0"}. Only the field part is logged.
     */
    List<String> problems(SpecificRecord event);

    /**
     * The shared {@link EventValidator} (also used by the CLI) with these limits; a {@code recordedAt} is judged against
     * the system clock, the time of processing.
     */
    static EventScreen validating(ValidationLimits limits) {
        return validating(limits, Clock.systemUTC());
    }

    /** The shared validator with these limits, judging {@code recordedAt} against {@code clock}. */
    static EventScreen validating(ValidationLimits limits, Clock clock) {
        EventValidator validator = new EventValidator(limits, clock);
        return event -> validator.validate(event).stream().map(Violation::toString).toList();
    }

    /** The shared validator with {@link ValidationLimits#defaults()}. */
    static EventScreen defaults() {
        return validating(ValidationLimits.defaults());
    }

    /** The field part of a problem (text before the first {@code ": "}), safe to log. */
    static String fieldOf(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? "(unnamed field)" : problem.substring(0, colon);
    }
}
