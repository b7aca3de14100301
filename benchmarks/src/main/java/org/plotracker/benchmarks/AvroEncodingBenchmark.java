package org.plotracker.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.plotracker.contracts.events.DxaScanRecorded;

/**
 * The floor under the serde: plain Avro binary encoding of one DXA scan event (no registry, no wire-format header).
 * {@code SerdeBenchmark} measures the full Confluent-wire-format path; the difference is the serde's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AvroEncodingBenchmark {

    private final SpecificDatumWriter<DxaScanRecorded> writer = new SpecificDatumWriter<>(DxaScanRecorded.class);
    private final SpecificDatumReader<DxaScanRecorded> reader = new SpecificDatumReader<>(DxaScanRecorded.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private DxaScanRecorded scan;
    private byte[] encoded;

    @Setup
    public void setUp() throws IOException {
        scan = DemoEvents.firstDxaScan();
        encoded = encode();
    }

    @Benchmark
    public byte[] encode() throws IOException {
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        writer.write(scan, encoder);
        encoder.flush();
        return buffer.toByteArray();
    }

    @Benchmark
    public DxaScanRecorded decode() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(encoded, decoder);
        return reader.read(null, decoder);
    }

    /** Entry point for running this class alone from an IDE. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(new String[] {AvroEncodingBenchmark.class.getSimpleName()});
    }
}
