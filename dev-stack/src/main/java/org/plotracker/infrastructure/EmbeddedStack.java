package org.plotracker.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker;
import org.plotracker.infrastructure.registry.EmbeddedSchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development stack: a real in-JVM Kafka broker ({@link EmbeddedKafkaBroker}) with the topics the caller asks for
 * ({@link Builder#topics(Function)}, the tracker hands in its topic provisioner) and the embedded schema registry
 * ({@link EmbeddedSchemaRegistry}, a dev/test stand-in for Confluent Schema Registry), all on 127.0.0.1, data under one
 * directory that survives restarts. The development launcher ({@code bin/plo-tracker}, {@code ./demo}) starts it when
 * no cluster is given, and every integration test runs against it. The production jar and image never contain it.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.builder(Path.of("data")).start()) {
 *     System.out.println(stack.describe());      // where the broker and registry listen
 *     String bootstrap = stack.bootstrapServers();
 *     String registry = stack.schemaRegistryUrl();
 * }
 * }</pre>
 * Layout of the data directory: {@code kafka/} holds the broker's storage; the registry keeps its schemas in the
 * broker (topic {@code _schemas}), so schema ids survive restarts too.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final List<String> createdTopics;
    private final Duration startupTime;

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, List<String> createdTopics,
            Duration startupTime) {
        this.broker = broker;
        this.registry = registry;
        this.createdTopics = createdTopics;
        this.startupTime = startupTime;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Bootstrap servers plus, when SASL is on, the security settings clients need. */
    public Map<String, Object> clientProperties() {
        return new LinkedHashMap<>(broker.clientProperties());
    }

    /** Base URL of the embedded schema registry, e.g. {@code http://127.0.0.1:39457}. */
    public String schemaRegistryUrl() {
        return registry.url();
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String clusterId() {
        return broker.clusterId();
    }

    /** Topics created by this start (empty on a warm restart). */
    public List<String> createdTopics() {
        return createdTopics;
    }

    /** Wall-clock time from {@link Builder#start()} until everything was ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A human-readable summary of where everything listens, for the app's start-up banner. */
    public String describe() {
        return "Embedded Kafka broker: " + bootstrapServers() + " (cluster " + clusterId() + ", data in "
                + broker.dataDir() + "); embedded schema registry: " + schemaRegistryUrl();
    }

    /** Stops the registry, then the broker, cleanly. The data directory is kept. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }

    /** Settings of the embedded stack. */
    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int registryPort;
        private Function<Admin, List<String>> topics = admin -> List.of();
        private short replicationFactor = 1;
        private boolean provisionTopics = true;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Map<String, String> plainUsers = Map.of();
        private Map<String, String> scramUsers = Map.of();
        private boolean aclsEnabled;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
        }

        /** Client port of the broker; 0 (default) picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = port;
            return this;
        }

        /** HTTP port of the registry; 0 (default) picks a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /**
         * Creates the topics the caller needs once the broker is up and returns the names it created (empty on a warm
         * restart); the tracker passes {@code admin -> new TopicProvisioner(admin, settings).ensureTopics()}. Default:
         * no topics besides the registry's own.
         */
        public Builder topics(Function<Admin, List<String>> createMissing) {
            this.topics = Objects.requireNonNull(createMissing, "createMissing");
            return this;
        }

        /** Replication factor of the registry's {@code _schemas} topic (default 1, the single embedded broker). */
        public Builder replicationFactor(short factor) {
            this.replicationFactor = factor;
            return this;
        }

        /** Whether to run {@link #topics(Function)} at start (default true). */
        public Builder provisionTopics(boolean provision) {
            this.provisionTopics = provision;
            return this;
        }

        /** Any broker setting; see {@link EmbeddedKafkaBroker.Builder#brokerProperty(String, String)}. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        /** SASL/PLAIN users; see {@link EmbeddedKafkaBroker.Builder#plainUsers(Map)}. */
        public Builder plainUsers(Map<String, String> users) {
            this.plainUsers = Map.copyOf(users);
            return this;
        }

        /** SCRAM-SHA-256 users; see {@link EmbeddedKafkaBroker.Builder#scramUsers(Map)}. */
        public Builder scramUsers(Map<String, String> users) {
            this.scramUsers = Map.copyOf(users);
            return this;
        }

        /** ACL authorization; see {@link EmbeddedKafkaBroker.Builder#aclsEnabled(boolean)}. */
        public Builder aclsEnabled(boolean enabled) {
            this.aclsEnabled = enabled;
            return this;
        }

        /**
         * Starts the broker, provisions topics, then starts the registry. On failure everything started is stopped
         * again.
         */
        public EmbeddedStack start() {
            long began = System.nanoTime();
            EmbeddedKafkaBroker.Builder brokerBuilder = EmbeddedKafkaBroker.builder(dataDir.resolve("kafka"))
                    .brokerPort(brokerPort)
                    .plainUsers(plainUsers)
                    .scramUsers(scramUsers)
                    .aclsEnabled(aclsEnabled);
            brokerProperties.forEach(brokerBuilder::brokerProperty);
            EmbeddedKafkaBroker broker = brokerBuilder.build().start();
            try {
                List<String> created = List.of();
                if (provisionTopics) {
                    try (Admin admin = Admin.create(broker.clientProperties())) {
                        created = List.copyOf(topics.apply(admin));
                    }
                }
                EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(broker.clientProperties())
                        .port(registryPort)
                        .replicationFactor(replicationFactor)
                        .start();
                EmbeddedStack stack = new EmbeddedStack(broker, registry, created,
                        Duration.ofNanos(System.nanoTime() - began));
                LOG.info("{} ready in {} ms", stack.describe(), stack.startupTime.toMillis());
                return stack;
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
