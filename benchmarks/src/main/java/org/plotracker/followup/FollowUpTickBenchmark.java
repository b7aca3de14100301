package org.plotracker.followup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.internal.FollowUpFact;
import org.plotracker.contracts.internal.FollowUpFacts;
import org.plotracker.contracts.internal.FollowUpItemState;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.AdmittedEvent;
import org.plotracker.topology.InternalSerde;
import org.plotracker.topology.TopologySettings;
import org.plotracker.topology.TrackerOutput;

/**
 * One tick of the follow-up processor with 1,000 due-index entries due (500 patients, each with a DXA reminder and a
 * KPI decision due) among the plan entries of {@code patients} patients whose items are not due. The tick reads only
 * the due range of the index, so its cost should not depend on {@code patients}. Stores are Kafka Streams' ordered
 * in-memory key-value stores (a seek is O(log n), as in RocksDB); this module leaves RocksDB's native library out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class FollowUpTickBenchmark {

    /** Patients whose follow-up items are all in the future (one item and one due-index entry each). */
    @Param({"10000", "1000000"})
    public int patients;

    private static final int DUE_PATIENTS = 500;
    private static final long TICK_AT = Instant.parse("2024-05-10T00:00:01Z").toEpochMilli();

    private MockProcessorContext<String, FollowUpOutput> context;
    private FollowUpProcessor processor;
    private KeyValueStore<String, FollowUpFacts> headers;
    private KeyValueStore<String, FollowUpFact> facts;
    private KeyValueStore<String, String> emittedKpis;
    private KeyValueStore<String, FollowUpItemState> items;
    private KeyValueStore<String, String> due;
    private final List<KeyValue<String, FollowUpFacts>> headersBefore = new ArrayList<>();
    private final List<KeyValue<String, FollowUpFact>> factsBefore = new ArrayList<>();
    private final List<KeyValue<String, String>> emittedKpisBefore = new ArrayList<>();
    private final List<KeyValue<String, FollowUpItemState>> itemsBefore = new ArrayList<>();
    private final List<KeyValue<String, String>> dueBefore = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(TICK_AT);
        headers = store(FollowUpTopology.FACTS_STORE, InternalSerde.of(FollowUpFacts.class));
        facts = store(FollowUpTopology.EVENT_FACTS_STORE, InternalSerde.of(FollowUpFact.class));
        emittedKpis = store(FollowUpTopology.EMITTED_KPIS_STORE, Serdes.String());
        items = store(FollowUpTopology.ITEMS_STORE, InternalSerde.of(FollowUpItemState.class));
        due = store(FollowUpTopology.DUE_STORE, Serdes.String());
        // the clock stays on recorded time: the benchmark sets it
        processor = new FollowUpProcessor(RulesConfig.defaults(),
                TopologySettings.defaults().idleAfter(Duration.ofDays(365_000)));
        processor.init(context);

        LocalDate future = LocalDate.parse("2030-01-01");
        long futureMs = future.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        for (int i = 0; i < patients; i++) {
            String patient = String.format("BG-%07d", i);
            String item = "MONITORING_DXA@2029-01-01";
            long at = futureMs + (i % 365) * 86_400_000L;
            items.put(patient + "|" + item, new FollowUpItemState(item, future, at, 0, null, 0L));
            due.put(FollowUpProcessor.DueKey.of(at, patient, item), "");
        }
        for (int j = 0; j < DUE_PATIENTS; j++) {
            String patient = String.format("DUE-%04d", j);
            admit(patient, DeliveryRecorded.newBuilder().setEventId(patient + "-d").setPatientId(patient)
                    .setClinicalDate(LocalDate.parse("2024-01-01")).setRecordedAt(Instant.parse("2024-01-01T12:00:00Z"))
                    .setSourceSystem("bench").build());
            admit(patient, FractureDiagnosed.newBuilder().setEventId(patient + "-f").setPatientId(patient)
                    .setClinicalDate(LocalDate.parse("2024-02-01")).setRecordedAt(Instant.parse("2024-02-01T12:00:00Z"))
                    .setSourceSystem("bench").setTrauma(TraumaLevel.NONE).setFractures(List.of(FractureSite
                            .newBuilder().setRegion(SkeletalRegion.VERTEBRA).build())).build());
        }
        snapshot();
        context.resetForwards();
    }

    private void admit(String patient, org.apache.avro.specific.SpecificRecord event) {
        long recordedAt = ((Instant) event.get(event.getSchema().getField("recordedAt").pos())).toEpochMilli();
        context.setCurrentStreamTimeMs(recordedAt);
        processor.process(new org.apache.kafka.streams.processor.api.Record<>(patient, new TrackerOutput(
                TrackerOutput.Kind.ADMITTED_EVENT, patient, new AdmittedEvent(patient, event, null, recordedAt)),
                recordedAt));
    }

    private void snapshot() {
        copy(headers, headersBefore);
        copy(facts, factsBefore);
        copy(emittedKpis, emittedKpisBefore);
        try (KeyValueIterator<String, FollowUpItemState> it = items.prefixScan("DUE-",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(itemsBefore::add);
        }
        try (KeyValueIterator<String, String> it = due.range(FollowUpProcessor.DueKey.first(),
                FollowUpProcessor.DueKey.last(TICK_AT))) {
            it.forEachRemaining(dueBefore::add);
        }
        if (dueBefore.size() != 2 * DUE_PATIENTS) {
            throw new IllegalStateException("expected " + 2 * DUE_PATIENTS + " due entries, found "
                    + dueBefore.size());
        }
    }

    /** Puts the due patients back as they were before the tick, so every tick has the same 1,000 entries due. */
    @Setup(Level.Invocation)
    public void restore() {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> it = due.range(FollowUpProcessor.DueKey.first(),
                FollowUpProcessor.DueKey.of(Instant.parse("2029-01-01T00:00:00Z").toEpochMilli(), "", ""))) {
            it.forEachRemaining(kv -> stale.add(kv.key));
        }
        stale.forEach(due::delete);
        List<String> staleItems = new ArrayList<>();
        try (KeyValueIterator<String, FollowUpItemState> it = items.prefixScan("DUE-",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> staleItems.add(kv.key));
        }
        staleItems.forEach(items::delete);
        List<String> staleKpis = new ArrayList<>();
        try (KeyValueIterator<String, String> it = emittedKpis.prefixScan("DUE-",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> staleKpis.add(kv.key));
        }
        staleKpis.forEach(emittedKpis::delete);
        headersBefore.forEach(kv -> headers.put(kv.key, kv.value));
        factsBefore.forEach(kv -> facts.put(kv.key, kv.value));
        emittedKpisBefore.forEach(kv -> emittedKpis.put(kv.key, kv.value));
        itemsBefore.forEach(kv -> items.put(kv.key, kv.value));
        dueBefore.forEach(kv -> due.put(kv.key, kv.value));
        context.resetForwards();
        context.setCurrentStreamTimeMs(TICK_AT);
    }

    private static <V> void copy(KeyValueStore<String, V> store, List<KeyValue<String, V>> into) {
        try (KeyValueIterator<String, V> it = store.prefixScan("DUE-",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(into::add);
        }
    }

    @Benchmark
    public int tick() {
        processor.tick();
        return context.forwarded().size();
    }

    private <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
