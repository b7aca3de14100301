package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.AppConfig;
import org.plotracker.app.GracefulShutdown;
import org.plotracker.app.ProcessingProgress;
import org.plotracker.app.TrackerService;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.topology.TrackerTopology;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The whole path as a clinic and a care team use it: the source cases imported twice with {@code plo import}, the
 * real tracker (started through the app's own path) processing them, and {@code plo alerts} showing each alert once
 * and resuming after a restart.
 */
class ClinicToCareTeamTest {

    /** A stack of its own: the tracker reads every input topic from the beginning. */
    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String> connection() {
        return List.of("-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl(), "--auto-register-schemas",
                "--timeout", "30");
    }

    @Test
    void aDuplicateImportRaisesEachAlertOnceAndTheCareTeamSeesEachOnce() throws Exception {
        CliRun cohort = CliRun.of("demo", "--dry-run");
        Path file = Files.writeString(dir.resolve("source-cases.jsonl"), cohort.out(), StandardCharsets.UTF_8);
        for (int run = 1; run <= 2; run++) {
            CliRun imported = CliRun.of(CliRun.args(connection(), "import", file.toString()));
            assertThat(imported.exitCode()).as("import %d: %s", run, imported).isZero();
            assertThat(imported.out()).contains("published " + SourceCases.events().size() + " event(s)");
        }

        String applicationId = "plo-tracker-cli-e2e";
        Map<String, String> flags = new HashMap<>();
        STACK.clientProperties().forEach((k, v) -> flags.put(k, String.valueOf(v)));
        flags.put("schema.registry.url", STACK.schemaRegistryUrl());
        flags.put("application.id", applicationId);
        flags.put("state.dir", Files.createDirectories(dir.resolve("state")).toString());
        flags.put("auto.register.schemas", "true");
        flags.put("commit.interval.ms", "100");
        AppConfig config = AppConfig.resolve(Optional.empty(), Map.of(), flags);
        try (GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(30))) {
            TrackerService tracker = TrackerService.start(config, shutdown, banner -> { }, TIMEOUT);
            try (ProcessingProgress progress = new ProcessingProgress(STACK.clientProperties(), applicationId,
                    Topics.INPUTS.stream().map(TopicSpec::name).toList())) {
                progress.awaitCaughtUp(TIMEOUT, tracker.streams()::isHealthy);
            }
            // alerts are held for the settling window (default 3 s) before they are emitted
            assertThat(TrackerTopology.awaitAlertsSettled(tracker.streams().kafkaStreams(), TIMEOUT))
                    .as("alerts settled within %s", TIMEOUT).isTrue();
        }

        List<JsonNode> seen = alerts("ward-7");
        assertThat(seen).as("the source cases raise alerts").isNotEmpty();
        List<String> ids = seen.stream().map(a -> a.get("alertId").asText()).toList();
        assertThat(ids).as("each alert once, although every event was imported twice").doesNotHaveDuplicates();
        assertThat(seen).anySatisfy(a -> {
            assertThat(a.get("type").asText()).isEqualTo("recurrence-risk");
            assertThat(a.get("patientId").asText()).isEqualTo(SourceCases.patientId(4));
        });
        assertThat(seen).allSatisfy(a -> assertThat(SourceCases.patientIds()).contains(a.get("patientId").asText()));

        // The care team's next look shows nothing new; another team sees the same alerts from the start.
        assertThat(alerts("ward-7")).isEmpty();
        assertThat(alerts("audit").stream().map(a -> a.get("alertId").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    private static List<JsonNode> alerts(String group) throws IOException {
        CliRun run = CliRun.of(CliRun.args(connection(), "alerts", "--group", group, "--output", "json"));
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<JsonNode> alerts = new java.util.ArrayList<>();
        for (String line : run.outLines()) {
            alerts.add(JSON.readTree(line));
        }
        return alerts;
    }
}
