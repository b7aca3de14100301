package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.cli.publish.ImportCommand;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.publish.EventPublisher;
import org.plotracker.serde.SpecificAvroSerializer;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** {@code plo import} against the real in-JVM broker: bulk, errors, rejects, duplicates, crash recovery. */
class ImportCommandTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String prefix = "IMP-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    private static List<String> connection() {
        return List.of("-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl(), "--auto-register-schemas", "--timeout", "20");
    }

    private List<ConsumerRecord<String, SpecificRecord>> committed() {
        return Topics.INPUTS.stream().map(TopicSpec::name)
                .flatMap(t -> TopicReader.committed(STACK, STACK.schemaRegistryUrl(), t, k -> k.startsWith(prefix)).stream()).toList();
    }

    private List<ConsumerRecord<String, SpecificRecord>> anySent() {
        return Topics.INPUTS.stream().map(TopicSpec::name)
                .flatMap(t -> TopicReader.uncommitted(STACK, STACK.schemaRegistryUrl(), t, k -> k.startsWith(prefix)).stream())
                .toList();
    }

    private static String eventId(ConsumerRecord<String, SpecificRecord> r) {
        return String.valueOf(r.value().get(r.value().getSchema().getField("eventId").pos()));
    }

    @Test
    void importsTenThousandLinesInOneTransactionAndMeasuresTheRate() throws IOException {
        List<SpecificRecord> events = GeneratedCohort.events(prefix, 2_000);
        Path file = GeneratedCohort.writeJsonLines(dir.resolve("cohort-10k.jsonl"), events);
        assertThat(Files.readAllLines(file)).hasSize(10_000);

        long start = System.nanoTime();
        CliRun run = CliRun.of(CliRun.args(connection(), "import", file.toString(), "--progress", "always"));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("published 10000 event(s) in one transaction (delivery 2000, dxa 4000,"
                + " fracture 2000, treatment 2000), rejected 0");
        assertThat(run.err()).contains("publishing [########################] 10,000/10,000 100%")
                .contains("ETA 0:00");
        List<ConsumerRecord<String, SpecificRecord>> published = committed();
        assertThat(published).hasSize(10_000);
        assertThat(published.stream().map(ImportCommandTest::eventId).distinct()).hasSize(10_000);
        assertThat(published).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().get(1)));
        // The measurement for docs/producer-cli.md (not an assertion: this machine is shared).
        System.out.printf("IMPORT-RATE 10000 events, whole command %.2f s = %.0f events/s; %s%n", seconds,
                10_000 / seconds, run.out().strip());
    }

    @Test
    void anImportWithErrorsOnSeveralLinesReportsThemAllAndPublishesNothing() throws IOException {
        List<String> lines = new ArrayList<>(GeneratedCohort.events(prefix, 4).stream()
                .map(e -> org.plotracker.cli.format.RecordJson.toJsonLine(e).toString()).toList());
        lines.set(2, lines.get(2).replaceFirst("\"zScore\":", "\"zScore\":-12.5,\"ignored\":"));
        lines.set(5, lines.get(5).replace("\"clinicalDate\":\"", "\"clinicalDate\":\"x"));
        lines.set(11, "{\"type\":\"dxa\",\"eventId\":\"" + prefix + "broken\"");
        lines.set(18, lines.get(18).replace("\"agent\":\"", "\"agent\":\"ASPIRIN").replace("STARTED", "CHANGED"));
        Path file = Files.write(dir.resolve("with-errors.jsonl"), lines, StandardCharsets.UTF_8);

        CliRun run = CliRun.of(CliRun.args(connection(), "import", file.toString()));

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.errLines()).hasSize(7);
        assertThat(run.errLines().get(0)).isEqualTo(file + ":3: measurements[0].ignored: unknown field;"
                + " SiteMeasurement has [site, region, bmdGramsPerCm2, tScore, zScore]");
        assertThat(run.errLines().get(1)).isEqualTo(file + ":3: measurements[0].zScore: Z-score -12.5 is outside"
                + " -8.0..8.0");
        assertThat(run.errLines().get(2)).startsWith(file + ":6: clinicalDate: not a date (YYYY-MM-DD): 'x20");
        assertThat(run.errLines().get(3)).startsWith(file + ":12: json: not valid JSON");
        assertThat(run.errLines().get(4)).startsWith(file + ":19: agent: not one of [CALCIUM_VITAMIN_D,");
        assertThat(run.errLines().get(5)).isEqualTo(file + ":19: previousAgent: the previous agent is required"
                + " when action is CHANGED");
        assertThat(run.errLines().get(6)).isEqualTo("4 of 20 event line(s) invalid (6 problem(s)); nothing"
                + " published. Fix them, or use --skip-invalid to publish the 16 valid line(s) and write the rest"
                + " to a rejects file.");
        assertThat(anySent()).as("nothing may even be sent").isEmpty();
    }

    @Test
    void skipInvalidPublishesTheRestAndWritesRejectsWithReasons() throws IOException {
        List<String> lines = new ArrayList<>(GeneratedCohort.events(prefix, 2).stream()
                .map(e -> org.plotracker.cli.format.RecordJson.toJsonLine(e).toString()).toList());
        lines.set(0, lines.get(0).replace("\"parity\":1", "\"parity\":0"));
        Path file = Files.write(dir.resolve("some-bad.jsonl"), lines, StandardCharsets.UTF_8);
        Path rejects = dir.resolve("rejects.jsonl");

        CliRun run = CliRun.of(CliRun.args(connection(), "import", file.toString(), "--skip-invalid", "--rejects",
                rejects.toString()));

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("published 9 event(s)").contains("rejected 1 (see " + rejects + ")");
        assertThat(committed()).hasSize(9).noneMatch(r -> eventId(r).equals(prefix + "00000-delivery"));
        List<String> rejected = Files.readAllLines(rejects);
        assertThat(rejected).hasSize(1);
        JsonNode reject = JSON.readTree(rejected.get(0));
        assertThat(reject.get("line").asInt()).isEqualTo(1);
        assertThat(reject.get("errors").get(0).get("field").asText()).isEqualTo("parity");
        assertThat(reject.get("errors").get(0).get("reason").asText()).contains("parity 0 is outside 1..20");
        assertThat(reject.get("input").asText()).isEqualTo(lines.get(0));
    }

    @Test
    void aDryRunChecksEverythingAndSendsNothing() throws IOException {
        Path file = GeneratedCohort.writeJsonLines(dir.resolve("dry.jsonl"), GeneratedCohort.events(prefix, 3));
        CliRun run = CliRun.of(CliRun.args(connection(), "import", file.toString(), "--dry-run"));
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).startsWith("Dry run of " + file + ": 15 valid event(s) (delivery 3, dxa 6, fracture 3,"
                + " treatment 3), 0 invalid line(s); nothing sent");
        assertThat(anySent()).isEmpty();
    }

    @Test
    void aDuplicateImportRepublishesTheSameEventIds() throws IOException {
        List<SpecificRecord> events = GeneratedCohort.events(prefix, 3);
        Path file = GeneratedCohort.writeJsonLines(dir.resolve("twice.jsonl"), events);

        assertThat(CliRun.of(CliRun.args(connection(), "import", file.toString())).exitCode()).isZero();
        assertThat(CliRun.of(CliRun.args(connection(), "import", file.toString())).exitCode()).isZero();

        // Kafka keeps both copies; each carries the same eventId and the same content, which is what lets the
        // tracker recognise the second as a duplicate (it de-duplicates on eventId).
        Map<String, List<SpecificRecord>> byId = committed().stream().collect(Collectors.groupingBy(
                ImportCommandTest::eventId, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        assertThat(byId).hasSize(15);
        assertThat(byId.values()).allSatisfy(copies -> {
            assertThat(copies).hasSize(2);
            assertThat(copies.get(0)).isEqualTo(copies.get(1));
        });
        Map<String, SpecificRecord> original = events.stream().collect(Collectors.toMap(
                e -> String.valueOf(e.get(0)), Function.identity()));
        byId.forEach((id, copies) -> assertThat(copies.get(0)).isEqualTo(original.get(id)));
    }

    @Test
    void aCrashedImportLeavesNothingVisibleAndARerunFencesIt() throws IOException {
        List<SpecificRecord> events = GeneratedCohort.events(prefix, 20);
        Path file = GeneratedCohort.writeJsonLines(dir.resolve("crash.jsonl"), events);

        // An import that died after sending half of its events: same transactional id as 'plo import' uses for
        // this file, transaction begun, never committed, producer never closed.
        Map<String, Object> props = STACK.transactionalProducerProperties(ImportCommand.defaultTransactionalId(file));
        props.put("schema.registry.url", STACK.schemaRegistryUrl());
        props.put("auto.register.schemas", true);
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(props, false);
        KafkaProducer<String, SpecificRecord> crashed = new KafkaProducer<>(props, new StringSerializer(), serializer);
        try {
            crashed.initTransactions();
            crashed.beginTransaction();
            for (SpecificRecord event : events.subList(0, 50)) {
                crashed.send(new ProducerRecord<>(EventPublisher.topicFor(event.getClass()).name(),
                        String.valueOf(event.get(1)), event));
            }
            crashed.flush();
            assertThat(anySent()).as("the half-import reached the broker").hasSize(50);
            assertThat(committed()).as("read_committed consumers see none of it").isEmpty();

            CliRun rerun = CliRun.of(CliRun.args(connection(), "import", file.toString()));
            assertThat(rerun.exitCode()).as("%s", rerun).isZero();

            List<ConsumerRecord<String, SpecificRecord>> visible = committed();
            assertThat(visible).hasSize(100);
            assertThat(visible.stream().map(ImportCommandTest::eventId).distinct()).hasSize(100);
        } finally {
            crashed.close(java.time.Duration.ZERO);
        }
    }

    @Test
    void theExampleFilesImportCleanly() {
        Path examples = Path.of("examples");
        for (String name : List.of("clinic-visits.jsonl", "dxa-scans.csv")) {
            Path file = examples.resolve(name);
            List<String> args = new ArrayList<>(List.of("import", file.toString(), "--dry-run"));
            if (name.endsWith(".csv")) {
                args.addAll(List.of("--type", "dxa"));
            }
            CliRun run = CliRun.of(CliRun.args(connection(), args.toArray(String[]::new)));
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.out()).contains("0 invalid line(s)");
        }
    }
}
