package org.plotracker.infrastructure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker;
import org.plotracker.infrastructure.registry.EmbeddedSchemaRegistry;
import org.plotracker.infrastructure.tls.EmbeddedSecurity;
import org.plotracker.infrastructure.tls.KafkaSecuritySetup;
import org.plotracker.security.AccessPolicy;
import org.plotracker.security.Role;
import org.plotracker.serde.evolution.SchemaRelease;
import org.plotracker.serde.registry.RestSchemaRegistryClient;
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
    private final EmbeddedSecurity security;

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, List<String> createdTopics,
            Duration startupTime, EmbeddedSecurity security) {
        this.broker = broker;
        this.registry = registry;
        this.createdTopics = createdTopics;
        this.startupTime = startupTime;
        this.security = security;
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

    /**
     * Client settings of one role: bootstrap servers, registry URL and, when secured, the role's Kafka (SCRAM over
     * TLS) and registry (basic auth, client certificate) credentials with {@code auto.register.schemas=false}.
     * Unsecured, every role gets the same settings.
     */
    public Map<String, Object> clientProperties(Role role) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("schema.registry.url", schemaRegistryUrl());
        if (security == null) {
            props.putAll(broker.clientProperties());
        } else {
            props.putAll(security.clientSettings(role));
        }
        return props;
    }

    /** This start's credentials and TLS material, when the stack is secured. */
    public Optional<EmbeddedSecurity> security() {
        return Optional.ofNullable(security);
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
                + broker.dataDir() + "); embedded schema registry: " + schemaRegistryUrl()
                + (security == null ? "" : "; secured (TLS, SCRAM-SHA-512, ACLs per role), client settings per role in "
                        + security.directory());
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
        private String securedApplicationId;
        private Duration setupTimeout = Duration.ofSeconds(60);

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

        /** SCRAM-SHA-512 users; see {@link EmbeddedKafkaBroker.Builder#scramUsers(Map)}. */
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
         * Runs the stack secured (docs/security.md): a throw-away CA and this start's passwords
         * ({@link EmbeddedSecurity}, written under {@code <data dir>/secure}), SASL_SSL on the broker with one
         * SCRAM-SHA-512 user per role and the ACLs of {@link AccessPolicy} for this tracker {@code application.id}, an
         * HTTPS registry that demands a client certificate and basic authentication, and a release step that registers
         * the released schemas (no role may). SASL users and ACL settings given otherwise are replaced.
         */
        public Builder secured(String applicationId) {
            this.securedApplicationId = Objects.requireNonNull(applicationId, "applicationId");
            return this;
        }

        /**
         * Starts the broker, provisions topics, then starts the registry. On failure everything started is stopped
         * again.
         */
        public EmbeddedStack start() {
            long began = System.nanoTime();
            EmbeddedSecurity security = securedApplicationId == null ? null
                    : EmbeddedSecurity.generate(dataDir.resolve("secure"));
            EmbeddedKafkaBroker.Builder brokerBuilder = EmbeddedKafkaBroker.builder(dataDir.resolve("kafka"))
                    .brokerPort(brokerPort);
            if (security == null) {
                brokerBuilder.plainUsers(plainUsers).scramUsers(scramUsers).aclsEnabled(aclsEnabled);
            } else {
                brokerBuilder.plainUsers(Map.of(EmbeddedSecurity.ADMIN_USER, security.adminPassword()))
                        .tls(new EmbeddedKafkaBroker.Tls(security.serverKeyStore(), security.trustStore(),
                                security.storePassword()))
                        .aclsEnabled(true);
            }
            brokerProperties.forEach(brokerBuilder::brokerProperty);
            EmbeddedKafkaBroker broker = brokerBuilder.build().start();
            EmbeddedSchemaRegistry registry = null;
            try {
                List<String> created = List.of();
                try (Admin admin = Admin.create(broker.clientProperties())) {
                    if (security != null) {
                        KafkaSecuritySetup.upsertScramUsers(admin, security.scramUsers(), setupTimeout);
                        KafkaSecuritySetup.applyAcls(admin,
                                AccessPolicy.withDefaultPrincipals(securedApplicationId).bindings(), setupTimeout);
                    }
                    if (provisionTopics) {
                        created = List.copyOf(topics.apply(admin));
                    }
                }
                if (security == null) {
                    registry = EmbeddedSchemaRegistry.builder(broker.clientProperties())
                            .port(registryPort)
                            .replicationFactor(replicationFactor)
                            .start();
                } else {
                    Map<String, Object> registryKafka = new LinkedHashMap<>(security.registryServiceKafkaClient());
                    registryKafka.put("bootstrap.servers", broker.bootstrapServers());
                    registry = EmbeddedSchemaRegistry.builder(registryKafka)
                            .port(registryPort)
                            .replicationFactor(replicationFactor)
                            .clientTrust(security.serverKeyStore(), security.storePassword(), security.trustStore(),
                                    security.storePassword())
                            .users(security.registryUsers(), EmbeddedSecurity::roleOfRegistryUser)
                            .start();
                    releaseSchemas(registry.url(), security);
                    security.writeClientProperties(broker.bootstrapServers(), registry.url());
                }
                EmbeddedStack stack = new EmbeddedStack(broker, registry, created,
                        Duration.ofNanos(System.nanoTime() - began), security);
                LOG.info("{} ready in {} ms", stack.describe(), stack.startupTime.toMillis());
                return stack;
            } catch (RuntimeException e) {
                if (registry != null) {
                    registry.close();
                }
                broker.close();
                throw e;
            }
        }

        /** The release step: registers every released contract schema as the registry's release user. */
        private static void releaseSchemas(String registryUrl, EmbeddedSecurity security) {
            Map<String, Object> settings = new LinkedHashMap<>(security.releaseRegistryClient());
            settings.put("schema.registry.url", registryUrl);
            try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(settings)) {
                Map<String, List<Integer>> ids = SchemaRelease.register(client);
                LOG.info("Release step registered the schemas of {} subjects", ids.size());
            }
        }
    }
}
