package org.plotracker.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.patient.PatientHistoryMapper;
import org.plotracker.rules.BmdChangeAnalysis;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.IndexEpisode;
import org.plotracker.rules.IndexEpisodeRule;
import org.plotracker.rules.PatientAssessment;
import org.plotracker.rules.PatientHistory;
import org.plotracker.rules.RulesConfig;
import org.plotracker.rules.ScanPair;

/**
 * The clinical rules with the default configuration on the histories of the source cases: the BMD-change evaluation
 * (scan pairs, least-significant-change and delta-Z classification) and the whole assessment the topology runs for a
 * patient on every accepted event. Case 4 has the longest history (second pregnancy, four DXA scans).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RulesBenchmark {

    /** Source case number (1-6). */
    @Param({"1", "4"})
    public int sourceCase;

    private BmdChangeAnalysis changes;
    private ClinicalRules rules;
    private PatientHistory history;
    private Optional<IndexEpisode> episode;

    @Setup
    public void setUp() {
        RulesConfig config = RulesConfig.defaults();
        changes = new BmdChangeAnalysis(config);
        rules = new ClinicalRules(config);
        String patientId = SourceCases.patientId(sourceCase);
        history = PatientHistoryMapper.toHistory(patientId, SourceCases.eventsFor(patientId));
        episode = new IndexEpisodeRule(config).find(history);
        List<ScanPair> pairs = changes.pairs(history, episode);
        if (episode.isEmpty() || pairs.isEmpty()) {
            throw new IllegalStateException("source case " + sourceCase + " should have an index episode and scan pairs,"
                    + " found episode=" + episode.isPresent() + ", pairs=" + pairs.size());
        }
    }

    @Benchmark
    public List<ScanPair> bmdChangeEvaluation() {
        return changes.pairs(history, episode);
    }

    @Benchmark
    public PatientAssessment assessPatient() {
        return rules.assess(history);
    }
}
