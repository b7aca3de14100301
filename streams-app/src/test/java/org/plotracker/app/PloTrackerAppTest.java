package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PloTrackerAppTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = PloTrackerApp.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("run", "demo", "settings");
    }

    @Test
    void settingsTableIsMarkdownWithEveryDefaultAndTheStreamsSettings() {
        assertThat(run(Map.of(), "settings", "--markdown")).isZero();
        assertThat(out.toString())
                .contains("| `plo.topics.partitions` | `PLO_TOPIC_PARTITIONS` | `--partitions` | `6` |")
                .contains("PLO_KAFKA_")
                .contains("| `processing.guarantee` | `exactly_once_v2` |")
                .contains("| `num.standby.replicas` | `1` |")
                .contains("| `errors.dead.letter.queue.topic.name` | `plo.dlq.v1` |");
    }

    @Test
    void effectiveSettingsShowTheLayersWithSecretsMasked() {
        int code = run(Map.of("PLO_BOOTSTRAP_SERVERS", "kafka:9092", "PLO_SCHEMA_REGISTRY_URL", "http://r:8081",
                        "PLO_KAFKA_SASL_JAAS_CONFIG", "secret stuff"),
                "settings", "--partitions", "12", "-D", "num.standby.replicas=2");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("# cluster: kafka:9092")
                .contains("plo.topics.partitions=12")
                .contains("num.standby.replicas=2")
                .contains("sasl.jaas.config=********")
                .doesNotContain("secret stuff")
                .contains("auto.register.schemas=false");
    }

    @Test
    void wrongConfigurationExitsWithUsageCodeAndNamesTheSetting() {
        int code = run(Map.of("PLO_BOOTSTRAP_SERVERS", "kafka:9092"), "run");
        assertThat(code).isEqualTo(PloTrackerApp.USAGE);
        assertThat(err.toString()).contains("Configuration error").contains("--schema-registry-url");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run(Map.of(), "run", "--no-such-flag")).isEqualTo(PloTrackerApp.USAGE);
        assertThat(err.toString()).contains("--no-such-flag");
    }
}
