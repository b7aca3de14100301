package org.plotracker.rules;

import java.util.List;
import java.util.Optional;

/** The rules applied to a whole patient history: a pure function of the history and the configuration. */
public final class ClinicalRules {

    private final RulesConfig config;
    private final IndexEpisodeRule episodes;
    private final BmdChangeAnalysis changes;
    private final RecurrenceRiskRule recurrence;

    public ClinicalRules(RulesConfig config) {
        this.config = config;
        this.episodes = new IndexEpisodeRule(config);
        this.changes = new BmdChangeAnalysis(config);
        this.recurrence = new RecurrenceRiskRule(config);
    }

    public RulesConfig config() {
        return config;
    }

    /** The index-episode rule. */
    public IndexEpisodeRule episodes() {
        return episodes;
    }

    /** The BMD-change analysis (for re-stating pairs made non-adjacent by a late scan). */
    public BmdChangeAnalysis changes() {
        return changes;
    }

    public PatientAssessment assess(PatientHistory history) {
        return assess(history, null);
    }

    /**
     * As {@link #assess(PatientHistory)}, with only the BMD-change pairs whose later scan is dated on or after
     * {@code pairsFrom} (plus each site's first follow-up pair; all pairs when null): see
     * {@link BmdChangeAnalysis#pairs(PatientHistory, Optional, java.time.LocalDate)}.
     */
    public PatientAssessment assess(PatientHistory history, java.time.LocalDate pairsFrom) {
        Optional<IndexEpisode> episode = episodes.find(history);
        List<ScanPair> pairs = changes.pairs(history, episode, pairsFrom);
        List<RecurrenceAssessment> pregnancies = episode.map(e -> recurrence.laterPregnancies(history, e).stream()
                .map(p -> recurrence.assess(history, e, p)).toList()).orElse(List.of());
        return new PatientAssessment(episode, pairs, pregnancies);
    }
}
