package org.plotracker.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.plotracker.app.AppConfig;
import org.plotracker.app.StreamsSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load harness: publishes synthetic cohorts and measures, on the same events and one after the other, a raw
 * consumer, a pass-through exactly-once Streams app and the tracker's own topology with the app's settings; then the
 * tracker's changelog bytes, state size and restore time, and the publish → alert latency at a steady rate. Prints a
 * table and the targets, writes {@code results.json} and throughput plots (PNG).
 */
@Command(name = "plo-load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the tracker against a raw consumer and a pass-through Kafka Streams app on the same"
                + " synthetic events (docs/benchmarks.md).",
            "Runs on its own embedded broker and registry unless --bootstrap-servers is given; against a cluster it"
                    + " publishes synthetic patients to the tracker's input topics (use a test cluster)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured (targets met or not: see the table)", "1:a measurement failed (message says"
                + " which)", "2:invalid options"})
public final class LoadHarness implements Callable<Integer> {

    @Option(names = "--patients", split = ",", paramLabel = "N[,N...]",
            description = "Patients per cohort (default ${DEFAULT-VALUE}).", defaultValue = "1000")
    List<Integer> patients;

    @Option(names = "--events-per-patient", split = ",", paramLabel = "N[,N...]",
            description = "Events per patient (default ${DEFAULT-VALUE}); every combination with --patients is run.",
            defaultValue = "5")
    List<Integer> eventsPerPatient;

    @Option(names = "--sweep", description = "Run the sweep instead: --sweep-events events as patients × each of"
            + " --sweep-events-per-patient, and --sweep-patients × the fewest events per patient.")
    boolean sweep;

    @Option(names = "--sweep-events", defaultValue = "20000", paramLabel = "N",
            description = "Total events of each history-length point of the sweep (default ${DEFAULT-VALUE}).")
    int sweepEvents;

    @Option(names = "--sweep-events-per-patient", split = ",", defaultValue = "5,50,200", paramLabel = "N[,N...]",
            description = "History lengths of the sweep (default ${DEFAULT-VALUE}).")
    List<Integer> sweepEventsPerPatient;

    @Option(names = "--sweep-patients", split = ",", defaultValue = "1000,10000,50000", paramLabel = "N[,N...]",
            description = "Patient counts of the sweep (default ${DEFAULT-VALUE}).")
    List<Integer> sweepPatients;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Repetitions of every point, interleaved (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--latency-rate", defaultValue = "100", paramLabel = "EVENTS/S",
            description = "Steady publishing rate of the latency measurement (default ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "20", paramLabel = "S",
            description = "Length of the latency measurement; 0 skips it (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "A Kafka cluster to run against.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Its schema registry.")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The app's properties file (Kafka, serde and plo.* settings), as for the tracker.")
    Path config;

    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N",
            description = "Partitions of the embedded stack's topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--output", defaultValue = "load-results", paramLabel = "DIR",
            description = "Where results.json, the plots and harness.log go (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--label", defaultValue = "this build", paramLabel = "TEXT",
            description = "Names this run in the results and plots, e.g. 'before (main 2463ff1)'.")
    String label;

    @Option(names = "--compare", paramLabel = "RESULTS.JSON",
            description = "Earlier results whose tracker curve is drawn dashed in the plots.")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic cohorts.")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Broker data and Streams state (default: a temporary directory, deleted at the end).")
    Path workDir;

    @Option(names = "--warmup-patients", defaultValue = "1000", paramLabel = "N",
            description = "Patients × 5 events run once through all three apps before the first point and not"
                    + " recorded, so that no point measures the JVM compiling; 0 skips it (default ${DEFAULT-VALUE}).")
    int warmupPatients;

    @Option(names = "--timeout-seconds", defaultValue = "1800", paramLabel = "S",
            description = "Longest wait for any one phase (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    private final PrintStream out;

    LoadHarness(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the harness; returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LoadHarness(out));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof LoadRunException || e instanceof AppConfig.InvalidConfigurationException) {
                err.println("plo-load: " + e.getMessage());
                return e instanceof LoadRunException ? 1 : 2;
            }
            err.println("plo-load: failed: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Files.createDirectories(output);
        Logging.toFile(output.resolve("harness.log"));
        String startedAt = Instant.now().toString();
        boolean temporary = workDir == null;
        Path work = temporary ? Files.createTempDirectory("plo-load-") : workDir;
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        String runTag = "r" + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        List<int[]> shapes = shapes();
        out.printf("plo-load: %s; %d point(s) × %d repetition(s); %d cores, load average %.2f%n", label,
                shapes.size(), repeat, Runtime.getRuntime().availableProcessors(), LoadAverage.oneMinute());
        List<Results.Point> points = new ArrayList<>();
        List<Results.Unmeasured> unmeasured = new ArrayList<>();
        Results.Latency latency = null;
        Map<String, String> trackerSettings;
        long settleMs;
        try (Target target = Target.open(Optional.ofNullable(config), Optional.ofNullable(bootstrapServers),
                Optional.ofNullable(schemaRegistryUrl), partitions, work, temporary);
             Offsets offsets = new Offsets(target.clientProperties())) {
            out.println("target: " + target.describe());
            AppConfig app = target.appConfig(Map.of());
            trackerSettings = new TreeMap<>();
            StreamsSettings.forApp(app).forEach((k, v) -> trackerSettings.put(String.valueOf(k),
                    masked(String.valueOf(k), String.valueOf(v))));
            // each measured instance gets its own id, state directory and the run's cluster
            List.of("application.id", "state.dir", "bootstrap.servers", "schema.registry.url")
                    .forEach(trackerSettings::remove);
            settleMs = app.alertSettle().toMillis();
            PointRun run = new PointRun(target, offsets, out, timeout, seed);
            if (warmupPatients > 0) {
                // the JVM compiles the tracker's code while it runs: without this, the first point measures it
                // half-interpreted, at about half the rate of the same shape later in the run
                out.printf("[warm-up] %,d patients × 5 events per patient, not recorded (load %.2f)%n",
                        warmupPatients, LoadAverage.oneMinute());
                try {
                    run.run(runTag + "w", 0, warmupPatients, 5);
                } catch (LoadRunException e) {
                    out.printf("  warm-up not completed (%s); the points follow%n", e.getMessage());
                }
            }
            int n = 0;
            for (int r = 1; r <= repeat; r++) {
                for (int[] shape : shapes) {
                    n++;
                    out.printf("[%d/%d] repetition %d: %,d patients × %d events per patient (load %.2f)%n", n,
                            shapes.size() * repeat, r, shape[0], shape[1], LoadAverage.oneMinute());
                    try {
                        points.add(run.run(runTag + "p" + n, r, shape[0], shape[1]));
                    } catch (LoadRunException e) {
                        // one point that could not be measured (e.g. its timeout) does not cost the others, the
                        // latency measurement or the plots; the run still ends with exit code 1
                        out.printf("  NOT MEASURED: %s%n", e.getMessage());
                        unmeasured.add(new Results.Unmeasured(r, shape[0], shape[1], e.getMessage()));
                    }
                    // after every point, so that a run stopped half-way keeps what it measured
                    writeResults(startedAt, trackerSettings, settleMs, points, unmeasured, null);
                }
            }
            if (latencySeconds > 0) {
                out.printf("[latency] %.0f events/s for %d s (load %.2f)%n", latencyRate, latencySeconds,
                        LoadAverage.oneMinute());
                latency = new LatencyRun(target, offsets, out, timeout).run(runTag + "lat", latencyRate,
                        latencySeconds, seed);
            }
        }
        Summary summary = Summary.of(points);
        long historyEvents = sweep ? sweepEvents : -1;
        List<Results.Target> targets = writeResults(startedAt, trackerSettings, settleMs, points, unmeasured,
                latency);
        ObjectMapper json = new ObjectMapper();
        summary.print(out);
        Summary.printTargets(targets, out);
        List<Results.Run> earlier = new ArrayList<>();
        for (Path file : compare) {
            earlier.add(json.readValue(file.toFile(), Results.Run.class));
        }
        plots(summary, historyEvents, earlier);
        out.println("results: " + output.resolve("results.json").toAbsolutePath());
        if (!unmeasured.isEmpty()) {
            out.printf("plo-load: %d point(s) not measured, listed under \"unmeasured\" in results.json%n",
                    unmeasured.size());
            return 1;
        }
        return 0;
    }

    /** Writes {@code results.json} with the points measured so far; returns the targets judged on them. */
    private List<Results.Target> writeResults(String startedAt, Map<String, String> trackerSettings, long settleMs,
                                              List<Results.Point> points, List<Results.Unmeasured> unmeasured,
                                              Results.Latency latency) throws IOException {
        List<Results.Target> targets = Summary.of(points).targets(sweep ? sweepEvents : -1, latency);
        Results.Run result = new Results.Run(label, startedAt, Instant.now().toString(), machine(),
                bootstrapServers == null && config == null ? "embedded" : "cluster",
                new Results.Settings(partitions, seed, repeat, trackerSettings, settleMs), points, unmeasured, latency,
                targets);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(output.resolve("results.json").toFile(), result);
        return targets;
    }

    private void plots(Summary summary, long historyEvents, List<Results.Run> earlier) {
        try {
            long events = historyEvents > 0 ? historyEvents : summary.shapes().get(0).events();
            ThroughputPlot.byEventsPerPatient(summary, events, label, earlier,
                    output.resolve("throughput-by-events-per-patient.png"));
            ThroughputPlot.byPatients(summary, label, earlier, output.resolve("throughput-by-patients.png"));
            out.println("plots: " + output.resolve("throughput-by-events-per-patient.png").toAbsolutePath() + ", "
                    + output.resolve("throughput-by-patients.png").toAbsolutePath());
        } catch (IOException | RuntimeException | Error e) {
            // e.g. a JVM without fonts: the measurements and results.json stand without the picture
            out.println("plots: not written (" + e + ")");
        }
    }

    /** The points to run: patients × events per patient. */
    private List<int[]> shapes() {
        LinkedHashSet<List<Integer>> shapes = new LinkedHashSet<>();
        if (sweep) {
            for (int perPatient : sweepEventsPerPatient) {
                shapes.add(List.of(Math.max(1, sweepEvents / perPatient), perPatient));
            }
            int fewest = sweepEventsPerPatient.stream().mapToInt(Integer::intValue).min().orElseThrow();
            for (int n : sweepPatients) {
                shapes.add(List.of(n, fewest));
            }
        } else {
            for (int n : patients) {
                for (int perPatient : eventsPerPatient) {
                    shapes.add(List.of(n, perPatient));
                }
            }
        }
        return shapes.stream().map(s -> new int[] {s.get(0), s.get(1)}).toList();
    }

    private void validate() {
        List<Integer> all = new ArrayList<>(patients);
        all.addAll(eventsPerPatient);
        all.addAll(sweepEventsPerPatient);
        all.addAll(sweepPatients);
        for (int value : all) {
            if (value < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "patients and events per patient must be at least 1, was " + value);
            }
        }
        if (repeat < 1 || partitions < 1 || sweepEvents < 1 || latencyRate <= 0 || latencySeconds < 0
                || warmupPatients < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repeat, --partitions and"
                    + " --sweep-events must be at least 1, --latency-rate above 0, --latency-seconds and"
                    + " --warmup-patients 0 or more");
        }
        if (schemaRegistryUrl != null && bootstrapServers == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--schema-registry-url needs --bootstrap-servers");
        }
    }

    /** Settings are written to the results; secrets are not. */
    private static String masked(String key, String value) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        boolean secret = k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.contains("user.info") || k.endsWith(".key");
        return secret ? "********" : value;
    }

    private static Results.Machine machine() {
        String commit = "";
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            commit = new String(git.getInputStream().readAllBytes()).trim();
            if (git.waitFor() != 0) {
                commit = "";
            }
        } catch (IOException | InterruptedException e) {
            commit = "";
        }
        return new Results.Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getName() + " "
                        + ManagementFactory.getOperatingSystemMXBean().getVersion(), commit);
    }
}
