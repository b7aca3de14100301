package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command tree without Kafka: help everywhere, version, completion, usage errors, settings precedence. */
class CommandLineStructureTest {

    @TempDir
    Path dir;

    private static List<List<String>> allCommandPaths() {
        CommandLine root = PloCli.commandLine(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            collect(sub.getValue(), next, paths);
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = allCommandPaths();
        assertThat(paths).contains(List.of("publish", "dxa"), List.of("publish", "erasure"), List.of("import"),
                List.of("demo"), List.of("alerts"), List.of("layout"), List.of("generate-completion"));
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", path).isZero();
            assertThat(run.out()).as("%s", path).contains("Usage: plo" + (path.isEmpty() ? "" : " "
                    + String.join(" ", path)));
        }
    }

    @Test
    void versionNamesTheProjectAndKafkaClient() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines().get(0)).matches("plo \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run.outLines().get(1)).startsWith("Kafka client 4.3.1");
    }

    @Test
    void theCompletionScriptKnowsTheGeneratedPublishOptions() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash").contains("_picocli_plo_publish_dxa")
                .contains("--lumbar-spine-z").contains("--min-severity").contains("--skip-invalid");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("publish").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("import").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("alerts", "--output", "xml").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun from = CliRun.of("alerts", "--from", "yesterday");
        assertThat(from.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(from.errLines()).containsExactly("plo alerts: --from must be earliest or latest, not yesterday");
        CliRun missing = CliRun.of("import", dir.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.errLines()).singleElement().asString().contains("no such readable file");
    }

    @Test
    void publishAmendsAndRetractsWithRevisionAndEnteredInError() {
        CliRun amended = CliRun.of("publish", "pregnancy", "--event-id", "obst-1", "--patient-id", "P1",
                "--clinical-date", "2024-03-01", "--recorded-at", "2024-03-02T10:00:00Z", "--revision", "1",
                "--dry-run");
        assertThat(amended.exitCode()).as(amended.toString()).isEqualTo(ExitCode.OK);
        assertThat(amended.out()).contains("\"revision\":1").contains("\"entryStatus\":\"ENTERED\"");

        CliRun retracted = CliRun.of("publish", "pregnancy", "--event-id", "obst-1", "--patient-id", "P1",
                "--clinical-date", "2024-03-01", "--recorded-at", "2024-03-03T10:00:00Z", "--revision", "2",
                "--entered-in-error", "--dry-run");
        assertThat(retracted.exitCode()).as(retracted.toString()).isEqualTo(ExitCode.OK);
        assertThat(retracted.out()).contains("\"revision\":2").contains("\"entryStatus\":\"ENTERED_IN_ERROR\"");

        CliRun noRevision = CliRun.of("publish", "pregnancy", "--event-id", "obst-1", "--patient-id", "P1",
                "--clinical-date", "2024-03-01", "--entered-in-error", "--dry-run");
        assertThat(noRevision.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noRevision.err()).contains("--entry-status").contains("higher revision");

        CliRun noId = CliRun.of("publish", "pregnancy", "--patient-id", "P1", "--clinical-date", "2024-03-01",
                "--revision", "1", "--entered-in-error", "--dry-run");
        assertThat(noId.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noId.err()).contains("needs --event-id");
    }

    @Test
    void importRefusesFilesItCannotInterpret() throws Exception {
        Path txt = Files.writeString(dir.resolve("events.txt"), "x\n");
        CliRun unknownFormat = CliRun.of("import", txt.toString(), "--dry-run");
        assertThat(unknownFormat.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknownFormat.err()).contains("give --format jsonl or --format csv");

        Path csv = Files.writeString(dir.resolve("scans.csv"), "eventId,patientId\n1,2\n");
        CliRun noType = CliRun.of("import", csv.toString(), "--dry-run");
        assertThat(noType.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noType.errLines()).singleElement().asString()
                .isEqualTo("plo import: " + csv + ": line 1: the CSV has no 'type' column; give the event type with"
                        + " --type (one of [delivery, pregnancy, fracture, dxa, treatment, erasure])");
    }

    @Test
    void dryRunsNeedNoKafka() throws Exception {
        CliRun demo = CliRun.of("demo", "--dry-run");
        assertThat(demo.exitCode()).isZero();
        Path file = Files.writeString(dir.resolve("demo.jsonl"), demo.out(), StandardCharsets.UTF_8);
        CliRun check = CliRun.of("import", file.toString(), "--dry-run");
        assertThat(check.exitCode()).as("%s", check).isZero();
        assertThat(check.out()).contains("0 invalid line(s)");

        CliRun publish = CliRun.of("publish", "erasure", "--patient-id", "P-9", "--event-id", "er-1",
                "--recorded-at", "2024-01-01T00:00:00Z", "--reason", "patient-request", "--dry-run");
        assertThat(publish.out().strip()).isEqualTo("{\"type\":\"erasure\",\"eventId\":\"er-1\",\"patientId\":\"P-9\","
                + "\"recordedAt\":\"2024-01-01T00:00:00Z\",\"sourceSystem\":\"plo-cli\",\"reason\":\"PATIENT_REQUEST\"}");
    }

    @Test
    void anImportWhoseEveryLineIsRejectedFailsEvenWithSkipInvalid() throws Exception {
        Path file = Files.writeString(dir.resolve("all-bad.jsonl"), "{\"type\":\"delivery\"}\n[]\n");
        Path rejects = dir.resolve("all-bad.jsonl.rejects.jsonl");
        CliRun run = CliRun.of("import", file.toString(), "--skip-invalid", "-b", "127.0.0.1:1", "--timeout", "1");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.out()).contains("nothing to publish, rejected 2 (see " + rejects + ")");
        assertThat(Files.readAllLines(rejects)).hasSize(2);
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertThat(CliRun.of("import", empty.toString(), "-b", "127.0.0.1:1", "--timeout", "1").exitCode())
                .isEqualTo(ExitCode.OK);
    }

    @Test
    void layoutPrintsTheCsvHeaderOfEachType() {
        CliRun run = CliRun.of("layout", "dxa", "--markdown");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("#### dxa (`DxaScanRecorded`, topic `plo.events.dxa-scan.v1`)")
                .contains("eventId,patientId,clinicalDate,recordedAt,sourceSystem,deviceManufacturer")
                .contains("| `lumbarSpineZ` | `--lumbar-spine-z` | SCORE |  | Z-score at LUMBAR_SPINE |");
        assertThat(CliRun.of("layout", "scan").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void settingsTakeOptionsOverTheConfigFileOverTheDefaults() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "bootstrap.servers=broker-1:9093", "schema.registry.url=https://registry:8081",
                "security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "max.block.ms=99"));
        ConnectionOptions options = new ConnectionOptions();
        new CommandLine(options).parseArgs("--config", config.toString(), "-b", "broker-2:9093", "--timeout", "7");
        ClientSettings settings = ClientSettings.from(options);
        Map<String, Object> producer = settings.producer("test");
        assertThat(producer).containsEntry("bootstrap.servers", "broker-2:9093")
                .containsEntry("schema.registry.url", "https://registry:8081")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("max.block.ms", "99").containsEntry("request.timeout.ms", 7000)
                .doesNotContainKey("auto.register.schemas");
        Map<String, Object> consumer = settings.consumer("test", "ward-7");
        assertThat(consumer).containsEntry("group.id", "ward-7").containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false);

        ConnectionOptions defaults = new ConnectionOptions();
        new CommandLine(defaults).parseArgs();
        assertThat(ClientSettings.from(defaults).bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(ClientSettings.from(defaults).schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
    }
}
