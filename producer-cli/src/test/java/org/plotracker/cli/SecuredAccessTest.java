package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.Topics;
import org.plotracker.infrastructure.tls.EmbeddedSecurity;
import org.plotracker.security.Role;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * Who may see what, on the secured embedded stack (TLS, SCRAM-SHA-512, the generated ACLs, an HTTPS registry with
 * basic auth), through the {@code plo} CLI with each role's client settings as written by the stack: each refusal is
 * one line and the exit code the CLI promises (4 refused, 3 unreachable); what a role may do works.
 */
@Tag("integration")
class SecuredAccessTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(b -> b.secured("plo-tracker"));

    @TempDir
    Path dir;

    private static EmbeddedSecurity security() {
        return STACK.stack().security().orElseThrow();
    }

    /** The client settings file the stack wrote for a role ({@code clinic.properties}, ...). */
    private static Path settingsOf(Role role) {
        return security().directory().resolve(EmbeddedSecurity.userOf(role).substring("plo-".length())
                + ".properties");
    }

    private Path changed(Role role, Map<String, String> changes, String... removed) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(settingsOf(role))) {
            properties.load(in);
        }
        properties.putAll(changes);
        for (String key : removed) {
            properties.remove(key);
        }
        Path file = dir.resolve(role + "-" + UUID.randomUUID() + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "changed for a test");
        }
        return file;
    }

    private static CliRun publishDelivery(Path config, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("publish", "delivery", "--patient-id",
                "SEC-" + UUID.randomUUID(), "--clinical-date", "2024-03-01", "--config", config.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theClinicPublishesAndTheCareTeamReadsAlertsUnderTheirOwnPrincipals() {
        CliRun publish = publishDelivery(settingsOf(Role.CLINIC));
        assertThat(publish.exitCode()).as("%s", publish).isZero();

        CliRun alerts = CliRun.of("alerts", "--group", "plo-alerts-ward-7", "--config",
                settingsOf(Role.CARE_TEAM).toString());
        assertThat(alerts.exitCode()).as("%s", alerts).isZero();
    }

    @Test
    void aWrongPasswordIsRefused() throws IOException {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"plo-clinic\""
                + " password=\"not-the-password\";";
        CliRun run = publishDelivery(changed(Role.CLINIC, Map.of("sasl.jaas.config", jaas)));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Kafka refused the client").containsIgnoringCase("authentication");
    }

    @Test
    void theClinicCannotReadAlerts() {
        CliRun run = CliRun.of("alerts", "--group", "plo-alerts-clinic", "--config", settingsOf(Role.CLINIC).toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString().startsWith("plo alerts: Kafka refused the client")
                .containsIgnoringCase("not authorized");

        // Without a consumer group too: the alert topic itself is closed to the clinic.
        assertThat(readRefusal(Role.CLINIC, Topics.BMD_CHANGE_ALERTS.name()).unauthorizedTopics())
                .containsExactly(Topics.BMD_CHANGE_ALERTS.name());
    }

    @Test
    void theAnalystCannotReadAlertsNorInputs() {
        CliRun run = CliRun.of("alerts", "--group", "plo-analyst-cohort", "--config",
                settingsOf(Role.ANALYST).toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString().startsWith("plo alerts: Kafka refused the client")
                .contains("Not authorized to access topics").contains("plo.alerts.");

        assertThat(readRefusal(Role.ANALYST, Topics.DXA_SCAN.name()).unauthorizedTopics())
                .containsExactly(Topics.DXA_SCAN.name());
        assertThat(readRefusal(Role.ANALYST, Topics.RECURRENCE_RISK_ALERTS.name()).unauthorizedTopics())
                .containsExactly(Topics.RECURRENCE_RISK_ALERTS.name());
    }

    @Test
    void theCareTeamCannotWriteEvents() throws Exception {
        CliRun run = publishDelivery(settingsOf(Role.CARE_TEAM));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Kafka refused the client").contains("authorization failed");

        // A plain (non-transactional) producer is refused at the topic itself.
        Map<String, Object> careTeam = new HashMap<>(STACK.stack().clientProperties(Role.CARE_TEAM));
        careTeam.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(careTeam, new StringSerializer(),
                new ByteArraySerializer())) {
            Exception refused = catchThrowableOfType(Exception.class, () -> producer.send(
                    new ProducerRecord<>(Topics.DELIVERY.name(), "P-1", new byte[] {0})).get());
            assertThat(refused).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(((TopicAuthorizationException) refused.getCause()).unauthorizedTopics())
                    .containsExactly(Topics.DELIVERY.name());
        }
    }

    @Test
    void theRegistryRefusesUnauthenticatedRequestsAndRolesThatRegister() throws Exception {
        CliRun run = publishDelivery(changed(Role.CLINIC, Map.of(), "basic.auth.credentials.source",
                "basic.auth.user.info"));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString().startsWith("plo publish delivery:")
                .contains("Unauthorized");

        HttpClient http = HttpClient.newBuilder().sslContext(tls(Role.CLINIC)).build();
        URI subjects = URI.create(STACK.schemaRegistryUrl() + "/subjects");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(subjects).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"error_code\":401");

        String clinic = basic(EmbeddedSecurity.userOf(Role.CLINIC), security().password(Role.CLINIC));
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(subjects).header("Authorization", clinic)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(Topics.DELIVERY.valueSubject());

        HttpResponse<String> register = http.send(HttpRequest.newBuilder(URI.create(STACK.schemaRegistryUrl()
                        + "/subjects/" + Topics.DELIVERY.valueSubject() + "/versions"))
                .header("Authorization", clinic).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(register.statusCode()).isEqualTo(403);
        assertThat(register.body()).contains("40301").contains("only the release step registers");
    }

    @Test
    void aPlaintextClientCannotReachTheTlsListener() throws IOException {
        CliRun run = publishDelivery(changed(Role.CLINIC, Map.of("security.protocol", "SASL_PLAINTEXT")),
                "--timeout", "5");
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(run.errLines()).singleElement().asString().startsWith("plo publish delivery: Cannot reach Kafka");
    }

    /** The refusal a role gets when it reads {@code topic} without a consumer group. */
    private static TopicAuthorizationException readRefusal(Role role, String topic) {
        Map<String, Object> settings = new HashMap<>(STACK.stack().clientProperties(role));
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            return catchThrowableOfType(TopicAuthorizationException.class, () -> {
                consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
                consumer.poll(Duration.ofSeconds(20));
            });
        }
    }

    /** TLS to the registry as a role's client: trusts the stack's CA, presents the role's certificate. */
    private static SSLContext tls(Role role) throws Exception {
        char[] password = security().storePassword().toCharArray();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security().trustStore())) {
            trust.load(in, password);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security().clientKeyStore(role))) {
            keys.load(in, password);
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
