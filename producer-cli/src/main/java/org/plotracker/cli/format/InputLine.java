package org.plotracker.cli.format;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.validation.Violation;

/**
 * One event read from an input file.
 *
 * @param line     1-based line number where the event starts
 * @param raw      the input as written (the JSON line, or the CSV row re-encoded), for the rejects file
 * @param type     the event type, null when it could not be determined
 * @param event    the event, null unless {@link #valid()}
 * @param problems every problem; fields are JSON paths for JSON Lines and column names for CSV
 */
public record InputLine(int line, String raw, EventType type, SpecificRecord event, List<Violation> problems) {

    public InputLine {
        problems = List.copyOf(problems);
    }

    public boolean valid() {
        return problems.isEmpty() && event != null;
    }

    /** A copy with one more problem (found by a check across lines, e.g. a repeated event id); drops the event. */
    public InputLine withProblem(Violation problem) {
        List<Violation> more = new java.util.ArrayList<>(problems);
        more.add(problem);
        return new InputLine(line, raw, type, null, more);
    }
}
