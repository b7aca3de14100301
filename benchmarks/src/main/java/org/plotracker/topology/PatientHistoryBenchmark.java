package org.plotracker.topology;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;

/**
 * The patient processor alone, without Kafka: {@value #EVENTS} synthetic events (the load harness's cohort) as
 * {@code EVENTS / eventsPerPatient} patients × {@code eventsPerPatient}, admitted in recordedAt order, each decided
 * when the next arrives (as in a replay). The score is the cost per event: admission, the decision as of its
 * recordedAt (read her events and emitted outputs, the rules, the outputs and the timeline) and the store writes,
 * on Kafka Streams' in-memory stores with the production serdes. The load harness measures the same slope with the
 * broker, RocksDB, the follow-up and workspace processors around it; this isolates the tracker's own code, so a
 * change to it can be compared at 5 and 200 events per patient in minutes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PatientHistoryBenchmark {

    static final int EVENTS = 400;

    /** Events per patient; the cohort always has {@value #EVENTS} events. */
    @Param({"5", "50", "200"})
    public int eventsPerPatient;

    private List<SpecificRecord> events;
    private OutputPlanner planner;
    private MockProcessorContext<String, TrackerOutput> context;
    private PatientProcessor processor;

    @Setup(Level.Trial)
    public void loadCohort() {
        events = SyntheticCohort.of(EVENTS / eventsPerPatient, 42).eventsPerPatient(eventsPerPatient).events();
        planner = new OutputPlanner(new ClinicalRules(RulesConfig.defaults()));
    }

    /** Empty stores and a new processor: every invocation replays the cohort from the start. */
    @Setup(Level.Invocation)
    public void freshState() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        store(TrackerTopology.EVENTS_STORE, InternalSerde.eventVersions());
        store(TrackerTopology.SUMMARY_STORE, InternalSerde.patientSummary());
        store(TrackerTopology.OUTPUTS_STORE, InternalSerde.patientOutput());
        store(TrackerTopology.PENDING_DECISIONS_STORE, Serdes.Long());
        store(TrackerTopology.ERASED_STORE, Serdes.String());
        // the clock stays on recorded time (a replay): it never idles into the wall clock
        processor = new PatientProcessor(planner, EventScreen.defaults(),
                TopologySettings.defaults().idleAfter(Duration.ofDays(365_000)));
        processor.init(context);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int replay() {
        for (SpecificRecord event : events) {
            String patient = ClinicalEvent.patientId(event);
            processor.process(new Record<>(patient, event, ClinicalEvent.recordedAt(event).toEpochMilli()));
        }
        int forwarded = context.forwarded().size();
        if (forwarded < EVENTS) {
            throw new IllegalStateException("only " + forwarded + " outputs for " + EVENTS + " events");
        }
        return forwarded;
    }

    private <V> void store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
