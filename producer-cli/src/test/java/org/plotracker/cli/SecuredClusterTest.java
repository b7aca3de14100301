package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.Topics;
import org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** SASL settings pass through {@code --config} to the Kafka clients; a refused login is exit code 4, one line. */
class SecuredClusterTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(b -> b.plainUsers(Map.of(
            EmbeddedKafkaBroker.BROKER_ADMIN_USER, "broker-secret", "clinic-a", "clinic-a-secret")));

    @TempDir
    Path dir;

    private Path clientProperties(String password) throws IOException {
        return Files.writeString(dir.resolve("client-" + password + ".properties"), String.join("\n",
                "bootstrap.servers=" + STACK.bootstrapServers(),
                "schema.registry.url=" + STACK.schemaRegistryUrl(),
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"clinic-a\" password=\"" + password + "\";",
                "auto.register.schemas=true"));
    }

    @Test
    void aClinicPublishesThroughSaslWithAConfigFile() throws IOException {
        String patient = "SASL-" + UUID.randomUUID();
        CliRun run = CliRun.of("publish", "delivery", "--patient-id", patient, "--clinical-date", "2024-03-01",
                "--config", clientProperties("clinic-a-secret").toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(TopicReader.committed(STACK, STACK.schemaRegistryUrl(), Topics.DELIVERY.name(), patient::equals))
                .hasSize(1);

        CliRun alerts = CliRun.of("alerts", "--group", "sasl-ward", "--config",
                clientProperties("clinic-a-secret").toString());
        assertThat(alerts.exitCode()).as("%s", alerts).isZero();
    }

    @Test
    void aWrongPasswordIsRefusedInOneLine() throws IOException {
        Path wrong = clientProperties("wrong");
        CliRun publish = CliRun.of("publish", "delivery", "--patient-id", "P-1", "--clinical-date", "2024-03-01",
                "--config", wrong.toString());
        assertThat(publish.exitCode()).as("%s", publish).isEqualTo(ExitCode.FAILED);
        assertThat(publish.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Kafka refused the client while initialising transactions")
                .containsIgnoringCase("authentication failed");

        CliRun alerts = CliRun.of("alerts", "--group", "g", "--config", wrong.toString());
        assertThat(alerts.exitCode()).as("%s", alerts).isEqualTo(ExitCode.FAILED);
        assertThat(alerts.errLines()).singleElement().asString().startsWith("plo alerts: Kafka refused the client");
    }
}
