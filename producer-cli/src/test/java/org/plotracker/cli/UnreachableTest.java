package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.publish.EventPublisher;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** Kafka or the registry out of reach: exit code 3 and one line, within the timeout. */
class UnreachableTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();


    @TempDir
    Path dir;

    /** A local port nothing listens on. */
    private static String deadAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static String[] delivery(String... connection) {
        return CliRun.args(List.of(connection), "publish", "delivery", "--patient-id", "P-unreachable",
                "--clinical-date", "2024-03-01");
    }

    @Test
    void anUnreachableBrokerEndsPublishWithExitCode3AndOneLine() throws IOException {
        String dead = deadAddress();
        long start = System.nanoTime();
        CliRun run = CliRun.of(delivery("-b", dead, "-r", STACK.schemaRegistryUrl(), "--timeout", "2"));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Cannot reach Kafka at " + dead)
                .contains("gave up after 2000 ms");
        assertThat(seconds).as("bounded by --timeout, not minutes of retries").isLessThan(30);
    }

    @Test
    void anUnreachableBrokerEndsImportAndAlertsWithExitCode3() throws IOException {
        String dead = deadAddress();
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{\"type\":\"erasure\",\"eventId\":\"e1\","
                + "\"patientId\":\"P1\",\"recordedAt\":\"2024-03-01T10:00:00Z\",\"sourceSystem\":\"s\"}\n");
        CliRun imported = CliRun.of("import", file.toString(), "-b", dead, "-r", STACK.schemaRegistryUrl(), "--timeout", "2");
        assertThat(imported.exitCode()).as("%s", imported).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(imported.errLines()).singleElement().asString().startsWith("plo import: Cannot reach Kafka at "
                + dead);

        CliRun alerts = CliRun.of("alerts", "--group", "g", "-b", dead, "-r", STACK.schemaRegistryUrl(), "--timeout", "2");
        assertThat(alerts.exitCode()).as("%s", alerts).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(alerts.errLines()).containsExactly("plo alerts: cannot reach Kafka at " + dead + " within 2 s");
    }

    @Test
    void anUnreachableRegistryEndsWithExitCode3AndOneLineAndVerboseAddsTheStackTrace() throws IOException {
        String registry = "http://" + deadAddress();
        CliRun run = CliRun.of(delivery("-b", STACK.bootstrapServers(), "-r", registry, "--timeout", "5"));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Cannot reach the schema registry while publishing 1 event(s)")
                .contains(registry);

        CliRun verbose = CliRun.of(delivery("-b", STACK.bootstrapServers(), "-r", registry, "--timeout", "5",
                "--verbose"));
        assertThat(verbose.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(verbose.errLines().size()).isGreaterThan(5);
        assertThat(verbose.err()).contains("at org.plotracker.publish.EventPublisher");
    }

    @Test
    void anUnreachableRegistryEndsAlertsWithExitCode3() throws IOException {
        String patient = "UNR-" + UUID.randomUUID();
        Map<String, Object> settings = STACK.producerProperties();
        settings.put("schema.registry.url", STACK.schemaRegistryUrl());
        settings.put("auto.register.schemas", true);
        try (EventPublisher publisher = new EventPublisher(settings)) {
            publisher.publish(Alerts.bmdLoss(patient + "-1", patient, AlertSeverity.HIGH));
        }
        String registry = "http://" + deadAddress();
        CliRun run = CliRun.of("alerts", "--group", patient, "--from", "earliest", "-b", STACK.bootstrapServers(),
                "-r", registry, "--timeout", "5");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo alerts: cannot reach the schema registry at " + registry);
    }

    @Test
    void anUnreadableConfigFileIsAUsageError() {
        CliRun run = CliRun.of(delivery("--config", dir.resolve("missing.properties").toString()));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errLines()).singleElement().asString().startsWith("plo publish delivery: cannot read --config");
    }
}
