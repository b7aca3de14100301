package org.plotracker.topology;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.ValidationLimits;

/** Checks an event for impossible values and missing parts; an empty list means valid. */
@FunctionalInterface
public interface EventScreen {

    /** One problem: the field path (e.g. {@code measurements[0].zScore}) and the reason. */
    record Problem(String field, String reason) {
        @Override
        public String toString() {
            return field + ": " + reason;
        }
    }

    List<Problem> problems(SpecificRecord event);

    /** The shared {@link EventValidator} (also used by the CLI) with these limits. */
    static EventScreen validating(ValidationLimits limits) {
        EventValidator validator = new EventValidator(limits);
        return event -> validator.validate(event).stream().map(v -> new Problem(v.field(), v.reason())).toList();
    }

    /** The shared validator with {@link ValidationLimits#defaults()}. */
    static EventScreen defaults() {
        return validating(ValidationLimits.defaults());
    }
}
