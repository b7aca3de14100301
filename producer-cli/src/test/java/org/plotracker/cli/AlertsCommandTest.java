package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.alerts.RiskTier;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.publish.EventPublisher;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** {@code plo alerts} against the real in-JVM broker: filters, formats, resuming, following. */
class AlertsCommandTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EventPublisher publisher;

    private final String patient = "ALR-" + UUID.randomUUID().toString().substring(0, 8);
    private final String group = "care-team-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startPublisher() {
        Map<String, Object> settings = STACK.producerProperties();
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        settings.put("auto.register.schemas", true);
        publisher = new EventPublisher(settings);
    }

    @AfterAll
    static void stop() {
        publisher.close();
    }

    private static void raise(SpecificRecord... alerts) {
        publisher.publishAll(List.of(alerts));
    }

    private CliRun alerts(String... args) {
        List<String> all = new ArrayList<>(List.of("alerts", "--group", group, "--patient", patient));
        all.addAll(List.of(args));
        all.addAll(List.of("-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl(), "--timeout", "20"));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run;
    }

    private static List<String> alertIds(CliRun run) {
        return run.outLines().stream().map(line -> {
            try {
                return JSON.readTree(line).get("alertId").asText();
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).toList();
    }

    @Test
    void aCareTeamResumesWhereItStopped() {
        raise(Alerts.bmdLoss(patient + "-a1", patient, AlertSeverity.MODERATE),
                Alerts.recurrence(patient + "-a2", patient, RiskTier.HIGH),
                Alerts.bmdLoss(patient + "-a3", patient, AlertSeverity.INFO));
        // Alerts of one topic come in order (one key, one partition); the two topics interleave freely.
        List<String> first = alertIds(alerts("--output", "json"));
        assertThat(first).containsExactlyInAnyOrder(patient + "-a1", patient + "-a2", patient + "-a3");
        assertThat(first.indexOf(patient + "-a1")).isLessThan(first.indexOf(patient + "-a3"));

        raise(Alerts.bmdLoss(patient + "-a4", patient, AlertSeverity.HIGH),
                Alerts.recurrence(patient + "-a5", patient, RiskTier.MODERATE));
        // A restarted subscriber of the same group shows only what is new.
        assertThat(alertIds(alerts("--output", "json"))).containsExactlyInAnyOrder(patient + "-a4", patient + "-a5");
        assertThat(alerts("--output", "json").out()).isEmpty();
    }

    @Test
    void aFilteredReadNeverMovesTheCareTeamsGroupPastAlertsItDidNotShow() {
        String other = "OTHER-" + patient;
        raise(Alerts.bmdLoss(patient + "-g1", patient, AlertSeverity.MODERATE),
                Alerts.bmdLoss(other + "-g2", other, AlertSeverity.HIGH));

        CliRun filtered = alerts("--output", "json");
        assertThat(alertIds(filtered)).containsExactly(patient + "-g1");
        assertThat(filtered.err()).contains("its position is kept in group " + group + "~patient=" + patient)
                .contains("(group " + group + " does not move)");
        // The same filtered read resumes where it stopped, and says when nothing is new.
        CliRun again = alerts("--output", "json");
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).contains("No new alerts for group " + group + "~patient=" + patient
                + " matching the filter.");

        // The care team's own group still sees the other patient's HIGH alert the filtered read skipped.
        CliRun unfiltered = CliRun.of("alerts", "--group", group, "--output", "json", "-b", STACK.bootstrapServers(),
                "-r", STACK.schemaRegistryUrl(), "--timeout", "20");
        assertThat(unfiltered.exitCode()).as("%s", unfiltered).isZero();
        assertThat(alertIds(unfiltered)).contains(other + "-g2", patient + "-g1");
    }

    @Test
    void anEmptyReadSaysSoInTheTable() {
        assertThat(alerts().outLines()).containsExactly("No new alerts for group " + group + "~patient=" + patient
                + " matching the filter.");
    }

    @Test
    void maxStopsAfterNAlertsAndTheNextRunContinuesAfterTheLastOneShown() {
        raise(Alerts.bmdLoss(patient + "-m1", patient, AlertSeverity.HIGH),
                Alerts.bmdLoss(patient + "-m2", patient, AlertSeverity.HIGH),
                Alerts.bmdLoss(patient + "-m3", patient, AlertSeverity.HIGH));
        assertThat(alertIds(alerts("--output", "json", "--max", "1"))).containsExactly(patient + "-m1");
        assertThat(alertIds(alerts("--output", "json", "--max", "1"))).containsExactly(patient + "-m2");
        assertThat(alertIds(alerts("--output", "json"))).containsExactly(patient + "-m3");
    }

    @Test
    void filtersBySeverityAndTypeAndPrintsATable() {
        raise(Alerts.bmdLoss(patient + "-f1", patient, AlertSeverity.MODERATE),
                Alerts.recurrence(patient + "-f2", patient, RiskTier.HIGH),
                Alerts.bmdLoss(patient + "-f3", patient, AlertSeverity.HIGH),
                Alerts.bmdLoss("other-" + patient, "OTHER-" + patient, AlertSeverity.HIGH));

        CliRun high = alerts("--min-severity", "high");
        assertThat(high.outLines()).hasSize(3);
        assertThat(high.outLines().get(0)).startsWith("RECORDED (UTC)     SEVERITY  TYPE             PATIENT");
        assertThat(high.outLines().subList(1, 3)).anySatisfy(line -> assertThat(line)
                .isEqualTo("2024-07-15 16:00Z  HIGH      recurrence-risk  " + patient
                        + "    Pregnant again 16 months after a PLO index episode [tier HIGH]"))
                .anySatisfy(line -> assertThat(line).startsWith("2023-12-12 16:00Z  HIGH      bmd-change")
                        .endsWith("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE"));

        CliRun recurrence = CliRun.of("alerts", "--group", group + "-r", "--patient", patient, "--type",
                "recurrence-risk", "--output", "json", "-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl());
        assertThat(alertIds(recurrence)).containsExactly(patient + "-f2");
        JsonNode full = readJson(recurrence.outLines().get(0));
        assertThat(full.get("alert").get("indexEpisode").get("episodeDate").asText()).isEqualTo("2023-03-13");
        assertThat(full.get("severity").asText()).isEqualTo("HIGH");
    }

    @Test
    void followKeepsWaitingForNewAlerts() throws Exception {
        raise(Alerts.bmdLoss(patient + "-w1", patient, AlertSeverity.HIGH));
        CompletableFuture<CliRun> following = CompletableFuture.supplyAsync(() -> alerts("--follow", "--output",
                "json", "--max", "2"));
        try (Admin admin = STACK.adminClient()) {
            EmbeddedStackExtension.waitUntil(() -> committedOffsets(admin) > 0, Duration.ofSeconds(30),
                    "the follower to show and commit the first alert");
        }
        assertThat(following).as("still following after catching up").isNotDone();

        raise(Alerts.recurrence(patient + "-w2", patient, RiskTier.MODERATE));
        CliRun run = following.get(30, TimeUnit.SECONDS);
        assertThat(alertIds(run)).containsExactly(patient + "-w1", patient + "-w2");
    }

    @Test
    void aFollowerStoppedLikeCtrlCEndsCleanlyAndKeepsItsPosition() throws Exception {
        raise(Alerts.bmdLoss(patient + "-s1", patient, AlertSeverity.HIGH));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream printer = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        picocli.CommandLine commandLine = PloCli.commandLine(printer, printer);
        org.plotracker.cli.alerts.AlertsCommand command = commandLine.getSubcommands().get("alerts").getCommand();
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> commandLine.execute("alerts",
                "--group", group, "--patient", patient, "--follow", "--output", "json", "-b",
                STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl()));
        try (Admin admin = STACK.adminClient()) {
            EmbeddedStackExtension.waitUntil(() -> committedOffsets(admin) > 0, Duration.ofSeconds(30),
                    "the follower to show and commit the first alert");
        }
        command.requestStop(); // what the shutdown hook does on Ctrl-C / SIGTERM
        assertThat(following.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCode.OK);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains(patient + "-s1");

        raise(Alerts.bmdLoss(patient + "-s2", patient, AlertSeverity.HIGH));
        assertThat(alertIds(alerts("--output", "json"))).containsExactly(patient + "-s2");
    }

    private long committedOffsets(Admin admin) {
        try {
            // the reads here filter by patient: their position is kept in the filter's own group
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group + "~patient=" + patient)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            return 0;
        }
    }

    private static JsonNode readJson(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
