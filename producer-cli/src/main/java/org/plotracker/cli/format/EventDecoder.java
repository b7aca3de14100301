package org.plotracker.cli.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.Violation;

/**
 * Reads an event from its JSON shape and validates it: one list of every problem, whether the value could not be
 * read (not a date, unknown enum symbol) or breaks the contract (Z-score beyond 8, no measurement).
 */
public final class EventDecoder {

    private final JsonEventMapper mapper = new JsonEventMapper();
    private final EventValidator validator;

    public EventDecoder(EventValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * An event read from input.
     *
     * @param event    the record; only meaningful when {@link #valid()}
     * @param problems every reason it cannot be published, field paths as in the JSON shape
     */
    public record Decoded(EventType type, SpecificRecord event, List<Violation> problems) {
        public Decoded {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Decoded decode(EventType type, ObjectNode json) {
        JsonEventMapper.Mapped mapped = mapper.map(type, json);
        List<Violation> problems = new ArrayList<>(mapped.errors());
        for (Violation violation : validator.validate(mapped.record())) {
            // A field that could not be read is also missing for the validator: report it once, as unreadable.
            // Likewise a part (measurements[1]) whose value could not be read (measurements[1].tScore) is reported
            // through that value only.
            boolean alreadyReported = mapped.errors().stream().anyMatch(e -> related(violation.field(), e.field()));
            if (!alreadyReported) {
                problems.add(violation);
            }
        }
        return new Decoded(type, mapped.record(), problems);
    }

    private static boolean related(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || a.startsWith(b + "[") || b.startsWith(a + ".")
                || b.startsWith(a + "[");
    }
}
