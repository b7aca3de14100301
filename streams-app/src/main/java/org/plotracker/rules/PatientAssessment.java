package org.plotracker.rules;

import java.util.List;
import java.util.Optional;

/** Everything the rules conclude from one patient's history. */
public record PatientAssessment(Optional<IndexEpisode> episode, List<ScanPair> pairs,
                                List<RecurrenceAssessment> laterPregnancies) {
    public PatientAssessment {
        pairs = List.copyOf(pairs);
        laterPregnancies = List.copyOf(laterPregnancies);
    }
}
