package org.plotracker.topology;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Checks an event for impossible values and missing parts; an empty list means valid. */
@FunctionalInterface
public interface EventScreen {

    /** Each problem names the field and the reason, e.g. "measurements[0].zScore: |Z| 9.1 exceeds 8". */
    List<String> problems(SpecificRecord event);

    /** Accepts everything (for tests of other behaviour only). */
    static EventScreen acceptAll() {
        return event -> List.of();
    }
}
