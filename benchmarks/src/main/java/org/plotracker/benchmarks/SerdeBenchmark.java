package org.plotracker.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.SpecificAvroSerde;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The project's Confluent-wire-format serde on one DXA scan event, with the in-memory {@code mock://} registry: the
 * steady state of a producer or the topology, where the schema id is cached after the first record. Compare with
 * {@link AvroEncodingBenchmark} for the serde's own overhead (header, schema lookup in the cache).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {

    private static final String TOPIC = Topics.DXA_SCAN.name();
    private static final String REGISTRY_SCOPE = "plo-benchmarks-serde";

    private SpecificAvroSerde<DxaScanRecorded> serde;
    private DxaScanRecorded scan;
    private byte[] wireBytes;

    @Setup
    public void setUp() {
        Map<String, Object> config = AvroSerdeConfig.mockRegistry(REGISTRY_SCOPE);
        serde = AvroSerdes.valueSerde(Topics.DXA_SCAN, config);
        scan = DemoEvents.firstDxaScan();
        wireBytes = serde.serializer().serialize(TOPIC, scan);
        DxaScanRecorded roundTrip = serde.deserializer().deserialize(TOPIC, wireBytes);
        if (!scan.equals(roundTrip)) {
            throw new IllegalStateException("serde round trip changed the event " + scan.getEventId());
        }
    }

    @TearDown
    public void tearDown() {
        serde.close();
        MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serializer().serialize(TOPIC, scan);
    }

    @Benchmark
    public DxaScanRecorded deserialize() {
        return serde.deserializer().deserialize(TOPIC, wireBytes);
    }
}
