package org.plotracker.topology;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.ValidationLimits;

/** Checks an event for impossible values and missing parts; an empty list means valid. */
@FunctionalInterface
public interface EventScreen {

    /** Each problem names the field and the reason, e.g. "measurements[0].zScore: |Z| 9.1 exceeds 8". */
    List<String> problems(SpecificRecord event);

    /** The shared {@link EventValidator} (also used by the CLI) with these limits. */
    static EventScreen validating(ValidationLimits limits) {
        EventValidator validator = new EventValidator(limits);
        return event -> validator.validate(event).stream().map(v -> v.field() + ": " + v.reason()).toList();
    }

    /** The shared validator with {@link ValidationLimits#defaults()}. */
    static EventScreen defaults() {
        return validating(ValidationLimits.defaults());
    }
}
