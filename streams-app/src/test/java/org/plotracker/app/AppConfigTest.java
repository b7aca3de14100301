package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsSelectTheEmbeddedStackWithSchemaRegistrationOn() {
        AppConfig config = AppConfig.resolve(Optional.empty(), Map.of(), Map.of());

        assertThat(config.embedded()).isTrue();
        assertThat(config.applicationId()).isEqualTo("plo-tracker");
        assertThat(config.dataDir()).isEqualTo(Path.of("./plo-data"));
        assertThat(config.stateDir()).isEqualTo(Path.of("./plo-data/streams-state"));
        assertThat(config.brokerPort()).isEqualTo(9092);
        assertThat(config.registryPort()).isEqualTo(8081);
        assertThat(config.partitions()).isEqualTo(6);
        assertThat(config.rulesFile()).isEmpty();
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.kafkaSettings())
                .containsEntry("application.id", "plo-tracker")
                .containsEntry("auto.register.schemas", "true")
                .doesNotContainKeys("plo.data.dir", "bootstrap.servers");
    }

    @Test
    void fileIsOverriddenByEnvironmentWhichIsOverriddenByFlags() throws IOException {
        Path file = write("client.properties", """
                bootstrap.servers=file:9092
                schema.registry.url=http://file:8081
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                num.standby.replicas=1
                plo.topics.partitions=12
                """);
        Map<String, String> env = Map.of(
                "PLO_BOOTSTRAP_SERVERS", "env:9092",
                "PLO_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PLO_KAFKA_NUM_STANDBY_REPLICAS", "2",
                "HOME", "/root");
        Map<String, String> flags = Map.of("bootstrap.servers", "flag:9092", "num.standby.replicas", "3");

        AppConfig config = AppConfig.resolve(Optional.of(file), env, flags);

        assertThat(config.embedded()).isFalse();
        assertThat(config.bootstrapServers()).contains("flag:9092");
        assertThat(config.schemaRegistryUrl()).contains("http://file:8081");
        assertThat(config.partitions()).isEqualTo(12);
        assertThat(config.autoRegisterSchemas()).as("off against an external registry").isFalse();
        assertThat(config.kafkaSettings())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("num.standby.replicas", "3")
                .containsEntry("auto.register.schemas", "false")
                .doesNotContainKey("plo.topics.partitions")
                .doesNotContainKey("home");
    }

    @Test
    void namedEnvironmentVariableWinsOverItsGenericKafkaForm() {
        Map<String, String> env = Map.of(
                "PLO_KAFKA_BOOTSTRAP_SERVERS", "generic:9092",
                "PLO_BOOTSTRAP_SERVERS", "named:9092",
                "PLO_SCHEMA_REGISTRY_URL", "http://registry:8081");

        AppConfig config = AppConfig.resolve(Optional.empty(), env, Map.of());

        assertThat(config.bootstrapServers()).contains("named:9092");
    }

    @Test
    void environmentVariableNamesFollowTheContainerImageConvention() {
        assertThat(Setting.kafkaKeyOfEnvironmentVariable("PLO_KAFKA_SASL_JAAS_CONFIG")).contains("sasl.jaas.config");
        assertThat(Setting.kafkaKeyOfEnvironmentVariable("PLO_KAFKA_SOME__UNDERSCORE")).contains("some_underscore");
        assertThat(Setting.kafkaKeyOfEnvironmentVariable("PLO_KAFKA_WITH___DASH")).contains("with-dash");
        assertThat(Setting.kafkaKeyOfEnvironmentVariable("PLO_KAFKA_")).isEmpty();
        assertThat(Setting.kafkaKeyOfEnvironmentVariable("PLO_DATA_DIR")).isEmpty();
    }

    @Test
    void explicitAutoRegistrationIsKeptForEitherCluster() {
        AppConfig external = AppConfig.resolve(Optional.empty(), Map.of(), Map.of(
                "bootstrap.servers", "kafka:9092", "schema.registry.url", "http://r:8081",
                "auto.register.schemas", "true"));
        AppConfig embedded = AppConfig.resolve(Optional.empty(), Map.of("PLO_KAFKA_AUTO_REGISTER_SCHEMAS", "false"),
                Map.of());

        assertThat(external.autoRegisterSchemas()).isTrue();
        assertThat(embedded.autoRegisterSchemas()).isFalse();
    }

    @Test
    void embeddedClusterKeepsSchemaRegistrationOnOnceItsAddressIsKnown() {
        AppConfig started = AppConfig.resolve(Optional.empty(), Map.of(), Map.of())
                .withCluster("127.0.0.1:9092", "http://127.0.0.1:8081");

        assertThat(started.embedded()).isFalse();
        assertThat(started.kafkaSettings())
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("schema.registry.url", "http://127.0.0.1:8081")
                .containsEntry("auto.register.schemas", "true");
    }

    @Test
    void externalClusterWithoutRegistryIsRejectedNamingTheFlag() {
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of("PLO_BOOTSTRAP_SERVERS", "kafka:9092"),
                Map.of()))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining("--schema-registry-url")
                .hasMessageContaining("PLO_SCHEMA_REGISTRY_URL");
    }

    @Test
    void malformedNumbersNameTheSettingAndHowToGiveIt() {
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of("PLO_TOPIC_PARTITIONS", "six"), Map.of()))
                .hasMessageContaining("plo.topics.partitions")
                .hasMessageContaining("--partitions")
                .hasMessageContaining("'six'");
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of(), Map.of("plo.topics.partitions", "0")))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of(), Map.of("plo.embedded.broker.port",
                "70000"))).hasMessageContaining("port");
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of(), Map.of("auto.register.schemas", "yes"))
                .autoRegisterSchemas()).hasMessageContaining("true or false");
    }

    @Test
    void theTrackersTimingAndMemoryDefaultAndAreRefusedBelowZero() {
        AppConfig defaults = AppConfig.resolve(Optional.empty(), Map.of(), Map.of());
        assertThat(defaults.alertSettle()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(defaults.idleAfter()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(defaults.recentPatientVersions()).isEqualTo(10_000);
        assertThat(AppConfig.resolve(Optional.empty(), Map.of("PLO_RECENT_PATIENT_VERSIONS", "0"), Map.of())
                .recentPatientVersions()).isZero();
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of(),
                Map.of("plo.tracker.idle-after-ms", "-1")).idleAfter())
                .hasMessage("plo.tracker.idle-after-ms must be 0 or more milliseconds, was -1");
        assertThatThrownBy(() -> AppConfig.resolve(Optional.empty(), Map.of(),
                Map.of("plo.tracker.recent-patient-versions", "-2")).recentPatientVersions())
                .hasMessage("plo.tracker.recent-patient-versions must be 0 or more, was -2");
    }

    @Test
    void missingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> AppConfig.resolve(Optional.of(missing), Map.of(), Map.of()))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void describeMasksSecrets() throws IOException {
        Path file = write("secure.properties", """
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password="x";
                ssl.truststore.password=changeit
                basic.auth.user.info=user:pw
                """);
        AppConfig config = AppConfig.resolve(Optional.of(file), Map.of(), Map.of());

        assertThat(config.describe())
                .containsEntry("sasl.jaas.config", "********")
                .containsEntry("ssl.truststore.password", "********")
                .containsEntry("basic.auth.user.info", "********");
        assertThat(config.kafkaSettings()).containsEntry("ssl.truststore.password", "changeit");
    }

    @Test
    void settingsTableListsEverySettingWithItsDefault() {
        assertThat(Setting.markdownRows()).hasSize(Setting.values().length)
                .anySatisfy(row -> assertThat(row).contains("`plo.topics.partitions`").contains("`6`"))
                .anySatisfy(row -> assertThat(row).contains("`PLO_BOOTSTRAP_SERVERS`").contains("—"));
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
