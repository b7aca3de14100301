package org.plotracker.cli.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.plotracker.cli.CliException;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.cli.ExitCode;
import org.plotracker.cli.format.EventDecoder;
import org.plotracker.cli.format.EventFileReader;
import org.plotracker.cli.format.EventType;
import org.plotracker.cli.format.FileFormat;
import org.plotracker.cli.format.InputFileException;
import org.plotracker.cli.format.InputLine;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.Violation;
import org.plotracker.publish.EventPublisher;
import org.plotracker.publish.PublishResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plo import FILE}: validates a whole JSON Lines or CSV file, reports every problem with its line and field,
 * and publishes the events in one Kafka transaction, or nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Import a JSON Lines or CSV file of clinic events in one transaction.",
        description = {
            "Import clinic events from a JSON Lines or CSV file in one Kafka transaction.",
            "The whole file is validated first and every problem is reported as FILE:LINE: FIELD: REASON. If any"
                    + " line is invalid nothing is published (exit code 1), unless --skip-invalid. A crash half-way"
                    + " leaves nothing visible to read_committed consumers."},
        footerHeading = "%nFormats:%n",
        footer = {
            "  JSON Lines (.jsonl, .ndjson, .json): one object per line, with a",
            "  \"type\" (delivery, pregnancy, fracture, dxa, treatment, erasure) and",
            "  the event's fields as named in its Avro schema, e.g.",
            "    {\"type\":\"delivery\",\"eventId\":\"d-1\",\"patientId\":\"P-1\",",
            "     \"clinicalDate\":\"2024-03-01\",\"recordedAt\":\"2024-03-01T10:00:00Z\",",
            "     \"sourceSystem\":\"clinic-a\",\"parity\":1}",
            "  CSV (.csv): a header row naming columns of one event type's layout",
            "  (give --type), or a \"type\" column to mix types. 'plo layout TYPE'",
            "  lists the columns. Lists are separated by ';'.",
            "",
            "Rejects file (with --skip-invalid): JSON Lines, one object per line:",
            "  {\"line\":N,\"errors\":[{\"field\":..,\"reason\":..}],\"input\":\"<as read>\"}"})
public final class ImportCommand implements Callable<Integer> {

    /** When the progress bar is shown. */
    public enum ProgressMode { AUTO, ALWAYS, NEVER }

    /** AUTO shows the bar for files above this many lines, on a terminal. */
    static final long PROGRESS_THRESHOLD_LINES = 2_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON Lines or CSV file to import.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl or csv (default: from the file extension).")
    FileFormat format;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            completionCandidates = EventTypeCandidates.class,
            description = "Event type of a CSV without a 'type' column, or of JSON lines without a \"type\" field:"
                    + " ${COMPLETION-CANDIDATES}.")
    String type;

    @Option(names = "--skip-invalid",
            description = "Publish the valid lines and write the invalid ones with their reasons to the rejects file.")
    boolean skipInvalid;

    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where --skip-invalid writes rejected lines (default: FILE.rejects.jsonl).")
    Path rejects;

    @Option(names = {"-n", "--dry-run"}, description = "Validate and report; send nothing, write nothing.")
    boolean dryRun;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "Progress bar with rate and ETA on stderr: auto (files over "
                    + PROGRESS_THRESHOLD_LINES + " lines, on a terminal), always, never. Default: ${DEFAULT-VALUE}.")
    ProgressMode progress;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Kafka transactional.id (default: derived from the file's absolute path, so that re-running"
                    + " an import after a crash fences the crashed one and aborts its open transaction at once).")
    String transactionalId;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": no such readable file");
        }
        FileFormat fileFormat = format != null ? format : FileFormat.fromFileName(file).orElseThrow(() ->
                new CliException(ExitCode.USAGE, "cannot tell the format of " + file.getFileName()
                        + " from its name; give --format jsonl or --format csv"));
        EventType defaultType = type == null ? null : EventType.parse(type).orElseThrow(() ->
                new CliException(ExitCode.USAGE, "--type " + type + " is not one of " + EventType.cliNames()));

        long started = System.nanoTime();
        long lineCount = EventFileReader.countLines(file);
        boolean showProgress = progress == ProgressMode.ALWAYS
                || (progress == ProgressMode.AUTO && lineCount > PROGRESS_THRESHOLD_LINES && System.console() != null);

        // Connecting (transaction init, about a second) overlaps with reading and checking the file.
        CompletableFuture<EventPublisher> connecting = dryRun ? null : Publishing.connectInBackground(connection,
                "plo-cli-import", transactionalId != null ? transactionalId : defaultTransactionalId(file),
                Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionTimeoutMs(lineCount)));
        try {
            return importLines(fileFormat, defaultType, lineCount, showProgress, started, connecting, out, err);
        } finally {
            Publishing.discard(connecting);
        }
    }

    private int importLines(FileFormat fileFormat, EventType defaultType, long lineCount, boolean showProgress,
            long started, CompletableFuture<EventPublisher> connecting, PrintWriter out, PrintWriter err)
            throws IOException {
        List<InputLine> lines = readAll(fileFormat, defaultType, lineCount, showProgress, err);
        List<InputLine> invalid = lines.stream().filter(l -> !l.valid()).toList();
        List<SpecificRecord> events = lines.stream().filter(InputLine::valid).map(InputLine::event).toList();
        double readSeconds = (System.nanoTime() - started) / 1e9;
        for (InputLine line : invalid) {
            for (Violation problem : line.problems()) {
                err.println(file + ":" + line.line() + ": " + problem.field() + ": " + problem.reason());
            }
        }
        err.flush();

        if (!invalid.isEmpty() && !skipInvalid) {
            err.printf(Locale.ROOT, "%d of %d event line(s) invalid (%d problem(s)); nothing published. Fix them, or"
                    + " use --skip-invalid to publish the %d valid line(s) and write the rest to a rejects file.%n",
                    invalid.size(), lines.size(), invalid.stream().mapToInt(l -> l.problems().size()).sum(),
                    events.size());
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        if (dryRun) {
            out.printf(Locale.ROOT, "Dry run of %s: %d valid event(s) %s, %d invalid line(s)%s; nothing sent"
                    + " (read and checked in %.1f s).%n", file, events.size(), byType(events), invalid.size(),
                    invalid.isEmpty() ? "" : " would be rejected", readSeconds);
            out.flush();
            return ExitCode.OK;
        }
        Path rejectsFile = null;
        if (!invalid.isEmpty()) {
            rejectsFile = rejects != null ? rejects : file.resolveSibling(file.getFileName() + ".rejects.jsonl");
            writeRejects(rejectsFile, invalid);
        }
        if (events.isEmpty()) {
            out.printf(Locale.ROOT, "Imported %s: nothing to publish, rejected %d%s.%n", file, invalid.size(),
                    rejectsFile == null ? "" : " (see " + rejectsFile + ")");
            out.flush();
            // Every line rejected is a broken export, not a partial success.
            return invalid.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
        }
        ProgressBar bar = new ProgressBar(err, "publishing", showProgress);
        PublishResult result = Publishing.publish(Publishing.await(connecting), events, bar);
        double totalSeconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "Imported %s: published %d event(s) in one transaction %s, rejected %d%s;"
                        + " %.1f s in all (read and checked %.1f s, published in %.1f s at %,.0f events/s).%n",
                file, result.published(), byType(events), invalid.size(),
                rejectsFile == null ? "" : " (see " + rejectsFile + ")", totalSeconds, readSeconds,
                result.elapsed().toNanos() / 1e9, result.eventsPerSecond());
        out.flush();
        return ExitCode.OK;
    }

    private List<InputLine> readAll(FileFormat fileFormat, EventType defaultType, long lineCount,
            boolean showProgress, PrintWriter err) throws IOException {
        ProgressBar reading = new ProgressBar(err, "checking  ", showProgress);
        reading.start(lineCount);
        try {
            List<InputLine> lines = new EventFileReader(new EventDecoder(EventValidator.withDefaults()))
                    .read(file, fileFormat, defaultType, n -> reading.update(Math.min(n, lineCount)));
            reading.finish();
            return lines;
        } catch (InputFileException e) {
            reading.abandon();
            throw new CliException(ExitCode.INVALID_INPUT, file + ": " + e.getMessage(), e);
        }
    }

    private static String byType(List<SpecificRecord> events) {
        Map<String, Long> counts = new TreeMap<>(events.stream().collect(Collectors.groupingBy(
                e -> EventType.of(e).map(EventType::cliName).orElse("?"), Collectors.counting())));
        return counts.isEmpty() ? "" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static void writeRejects(Path target, List<InputLine> invalid) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            for (InputLine line : invalid) {
                ObjectNode reject = JSON.createObjectNode().put("line", line.line());
                ArrayNode errors = reject.putArray("errors");
                line.problems().forEach(p -> errors.addObject().put("field", p.field()).put("reason", p.reason()));
                reject.put("input", line.raw());
                writer.write(JSON.writeValueAsString(reject));
                writer.newLine();
            }
        }
    }

    /**
     * How long the broker lets the import's transaction stay open: Kafka's 60 s default, longer for big files
     * (5 ms per line, at most the broker's default maximum of 15 min), so that a large import is not aborted by its
     * own coordinator. A crashed import holds back read_committed consumers at most this long, or until re-run.
     */
    static int transactionTimeoutMs(long lines) {
        return (int) Math.min(900_000L, Math.max(60_000L, lines * 5));
    }

    /** A transactional id stable per input file (see --transactional-id). */
    public static String defaultTransactionalId(Path file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "plo-cli-import-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Completion candidates of --type. */
    static final class EventTypeCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return EventType.cliNames().iterator();
        }
    }
}
