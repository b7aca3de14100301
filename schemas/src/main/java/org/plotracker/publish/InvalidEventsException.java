package org.plotracker.publish;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.plotracker.contracts.validation.Violation;

/** Some events of a batch break the contract; the whole batch was refused before anything was sent. */
public final class InvalidEventsException extends PublishException {

    private final Map<Integer, List<Violation>> violationsByIndex;

    public InvalidEventsException(Map<Integer, List<Violation>> violationsByIndex) {
        super(Kind.INVALID_EVENT, describe(violationsByIndex), null);
        this.violationsByIndex = Map.copyOf(violationsByIndex);
    }

    /** The violations of each invalid event, keyed by its index in the batch (0-based). */
    public Map<Integer, List<Violation>> violationsByIndex() {
        return violationsByIndex;
    }

    private static String describe(Map<Integer, List<Violation>> byIndex) {
        String first = byIndex.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(3)
                .map(e -> "event " + e.getKey() + ": " + e.getValue().stream().map(Violation::toString)
                        .collect(Collectors.joining("; ")))
                .collect(Collectors.joining(" | "));
        return byIndex.size() + " invalid event(s), nothing published: " + first
                + (byIndex.size() > 3 ? " | ..." : "");
    }
}
