package org.plotracker.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.plotracker.infrastructure.kafka.TopicProvisioner;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same end-to-end scenario against real containers: Apache Kafka ({@code apache/kafka}) and Confluent Schema
 * Registry ({@code confluentinc/cp-schema-registry}), so the project's serde is checked against Confluent's registry.
 * Runs where a Docker engine is available; skipped, saying so, where not. Images can be changed with
 * {@code -Dplo.it.kafka.image=...} and {@code -Dplo.it.registry.image=...}.
 */
class EndToEndContainersTest extends EndToEndScenario {

    private static final String KAFKA_IMAGE = System.getProperty("plo.it.kafka.image", "apache/kafka:4.3.1");
    private static final String REGISTRY_IMAGE = System.getProperty("plo.it.registry.image",
            "confluentinc/cp-schema-registry:8.1.0");

    private static final String SKIPPED = "No Docker engine here: the Testcontainers backend (" + KAFKA_IMAGE
            + ", " + REGISTRY_IMAGE + ") is skipped; EndToEndEmbeddedTest runs the same scenario against the in-JVM"
            + " broker and registry.";

    private static Boolean dockerChecked;
    private static Network network;
    private static KafkaContainer kafka;
    private static GenericContainer<?> registry;

    /** Starts the containers once for the class; skips every test (with the reason) where Docker is missing. */
    @BeforeEach
    void startContainers() throws Exception {
        if (dockerChecked == null) {
            dockerChecked = dockerAvailable();
            if (!dockerChecked) {
                org.slf4j.LoggerFactory.getLogger(EndToEndContainersTest.class).warn(SKIPPED);
            }
        }
        Assumptions.assumeTrue(dockerChecked, SKIPPED);
        if (kafka != null) {
            return;
        }
        network = Network.newNetwork();
        kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        registry.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBootstrapServers()))) {
            new TopicProvisioner(admin, TopicProvisioner.Settings.defaults()).ensureTopics();
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @AfterAll
    static void stopContainers() {
        if (registry != null) {
            registry.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Override
    Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        return properties;
    }

    @Override
    String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }
}
