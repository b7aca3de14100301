package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;

/**
 * A task Kafka Streams revives (a {@code TaskCorruptedException}, e.g. a commit that timed out under exactly-once)
 * keeps its processor instances: their stores are wiped and restored from the changelogs, the uncommitted records are
 * read again, and {@code init} is called again on the same objects. The patient processor's clock must then start
 * from the restored stream time, as a new instance would, not from the recorded time of records whose transaction was
 * aborted: a clock that ran ahead would take a decision before the events that preceded it in the input are read
 * again, and the re-read events would arrive "late" (corrections instead of the uninterrupted run's alerts).
 *
 * <p>The TopologyTestDriver never revives a task, so this drives the processor's lifecycle directly with Kafka's
 * {@link MockProcessorContext}; the stores and the processor are the real ones.
 */
class PatientProcessorReviveTest {

    private static final TopologySettings SHIPPED = TopologySettings.defaults();

    @Test
    void aRevivedProcessorDoesNotDecideOnTheRecordedTimeOfAbortedRecords() {
        List<SpecificRecord> events = SyntheticCohort.of(2, 20261204L).idPrefix("REVIVE-").events();
        SpecificRecord first = events.get(0);
        String patient = ClinicalEvent.patientId(first);
        long recorded = ClinicalEvent.recordedAt(first).toEpochMilli();
        // another patient's event recorded long after the first one's settle interval: processed, then aborted
        SpecificRecord later = events.stream().filter(e -> !ClinicalEvent.patientId(e).equals(patient))
                .filter(e -> ClinicalEvent.recordedAt(e).toEpochMilli() > recorded + SHIPPED.alertSettle().toMillis())
                .findFirst().orElseThrow();
        long wall = Instant.parse("2026-12-02T04:00:00Z").toEpochMilli();

        // the processor instance the task keeps across the revive
        PatientProcessor processor = processor();
        MockProcessorContext<String, TrackerOutput> beforeAbort = context(wall);
        processor.init(beforeAbort);
        process(processor, beforeAbort, first);
        process(processor, beforeAbort, later);
        assertThat(decisionsIn(beforeAbort)).as("the later record moves the clock past the first one's decision")
                .isPositive();

        // Revived: the stores hold what was committed (the first event, its decision pending; rebuilt here by a
        // fresh processor from the same committed input).
        MockProcessorContext<String, TrackerOutput> restored = context(wall);
        PatientProcessor committed = processor();
        committed.init(restored);
        process(committed, restored, first);
        assertThat(decisionsIn(restored)).as("committed state: her decision pending").isZero();
        restored.resetForwards();

        processor.close();
        processor.init(restored);
        restored.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wall));
        assertThat(decisionsIn(restored)).as("decisions taken by the revived processor before the aborted record is"
                + " read again").isZero();

        // read again, the aborted record takes the decision as it did before the abort
        process(processor, restored, later);
        assertThat(decisionsIn(restored)).isPositive();
    }

    private static PatientProcessor processor() {
        return new PatientProcessor(new OutputPlanner(new ClinicalRules(RulesConfig.defaults())),
                EventScreen.defaults(), SHIPPED);
    }

    /** A task's context with the processor's stores, in memory and without changelogs, the wall clock fixed. */
    private static MockProcessorContext<String, TrackerOutput> context(long wallMs) {
        MockProcessorContext<String, TrackerOutput> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(wallMs);
        context.setCurrentStreamTimeMs(-1L);
        add(context, TrackerTopology.EVENTS_STORE, InternalSerde.eventVersions());
        add(context, TrackerTopology.SUMMARY_STORE, InternalSerde.patientSummary());
        add(context, TrackerTopology.OUTPUTS_STORE, InternalSerde.patientOutput());
        add(context, TrackerTopology.PENDING_DECISIONS_STORE, Serdes.Long());
        add(context, TrackerTopology.ERASED_STORE, Serdes.String());
        return context;
    }

    private static <V> void add(MockProcessorContext<String, TrackerOutput> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    /** As the task does: stream time moves to the record's time (its recordedAt), then the record is processed. */
    private static void process(PatientProcessor processor, MockProcessorContext<String, TrackerOutput> context,
                                SpecificRecord event) {
        long time = ClinicalEvent.recordedAt(event).toEpochMilli();
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), time));
        processor.process(new Record<String, Object>(ClinicalEvent.patientId(event), event, time));
    }

    /** Timelines forwarded: one per decision taken. */
    private static long decisionsIn(MockProcessorContext<String, TrackerOutput> context) {
        return context.forwarded().stream()
                .filter(f -> f.record().value().kind() == TrackerOutput.Kind.PATIENT_TIMELINE).count();
    }
}
