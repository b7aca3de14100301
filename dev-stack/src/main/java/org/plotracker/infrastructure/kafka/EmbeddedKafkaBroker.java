package org.plotracker.infrastructure.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM: one KRaft node that is both controller and broker, listening on
 * 127.0.0.1. It is what the app's embedded default and all integration tests run against, so it is configured like a
 * small real cluster, not mocked:
 *
 * <ul>
 *   <li>Storage is formatted with Kafka's own {@link Formatter} on first start; on later starts the existing
 *       {@code meta.properties} is re-used, so the cluster id, topics and committed data survive a restart.</li>
 *   <li>Single node, so the internal topics use replication factor 1 and {@code transaction.state.log.min.isr=1}
 *       (otherwise exactly-once producers and Kafka Streams EOS wait forever for replicas that do not exist).</li>
 *   <li>Auto topic creation is off: topics are created on purpose by the caller (the tracker's TopicProvisioner).</li>
 *   <li>Small log-cleaner dedupe buffer (the default costs ~130 MB of heap), no initial group rebalance delay,
 *       few threads (the machine is small).</li>
 *   <li>Optional SASL on the client listener: PLAIN users ({@link Builder#plainUsers(Map)}, checked against the
 *       broker's JAAS config) and SCRAM-SHA-512 users ({@link Builder#scramUsers(Map)}, created in the cluster
 *       metadata by the {@link Formatter} when the storage is formatted, so only on the first start; later ones with
 *       the Admin API). Without TLS the controller listener stays PLAINTEXT on 127.0.0.1.</li>
 *   <li>Optional TLS ({@link Builder#tls}): the client listener is SASL_SSL, and so is the controller listener
 *       (SASL/PLAIN with the broker's own user), so no unauthenticated principal exists at all.</li>
 *   <li>Optional ACLs ({@link Builder#aclsEnabled(boolean)}): Kafka's {@code StandardAuthorizer}, deny when no ACL
 *       matches; the broker's own user is a super user, and so is {@code ANONYMOUS}, the principal of the
 *       PLAINTEXT controller listener on 127.0.0.1 (broker-to-controller traffic).</li>
 * </ul>
 * {@link #start()} returns only when the broker answers an Admin {@code describeCluster} call. {@link #close()} shuts
 * the broker down cleanly (controlled shutdown, logs flushed) and waits for it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    private static final int MAX_BIND_ATTEMPTS = 3;
    private static final String LOG_DIR_NAME = "kraft-combined-logs";
    /** The admin user the broker itself uses on its SASL listener (inter-broker traffic, e.g. transaction markers). */
    public static final String BROKER_ADMIN_USER = "plo-broker";
    /** SASL mechanism of the SCRAM users. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private final Path dataDir;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private final Map<String, String> plainUsers;
    private final Map<String, String> scramUsers;
    private final boolean aclsEnabled;
    private final Tls tls;
    private final Map<String, String> overrides;
    private final Duration startupTimeout;

    private KafkaRaftServer server;
    private int brokerPort;
    private int controllerPort;
    private String clusterId;
    private Duration lastStartupTime;

    private EmbeddedKafkaBroker(Builder builder) {
        this.dataDir = builder.dataDir.toAbsolutePath();
        this.requestedBrokerPort = builder.brokerPort;
        this.requestedControllerPort = builder.controllerPort;
        this.plainUsers = Map.copyOf(builder.plainUsers);
        this.scramUsers = Map.copyOf(builder.scramUsers);
        this.aclsEnabled = builder.aclsEnabled;
        this.tls = builder.tls;
        this.overrides = Map.copyOf(builder.overrides);
        this.startupTimeout = builder.startupTimeout;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Formats storage if needed, starts the broker and waits until it answers Admin calls.
     *
     * @return this broker, started
     * @throws IllegalStateException if it is already running, or it did not become ready within the startup timeout
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("Embedded Kafka broker is already running on " + bootstrapServers());
        }
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                break;
            } catch (IOException e) {
                stopQuietly();
                throw new IllegalStateException("Cannot prepare the embedded Kafka data directory " + dataDir + ": " + e,
                        e);
            } catch (RuntimeException e) {
                stopQuietly();
                boolean portsPicked = requestedBrokerPort == 0 && requestedControllerPort == 0;
                if (portsPicked && attempt < MAX_BIND_ATTEMPTS && causedByBindFailure(e)) {
                    // Another process took a port between picking it and binding it: pick again.
                    LOG.warn("Port taken while starting the embedded Kafka broker ({}); retrying with other ports",
                            e.getMessage());
                    continue;
                }
                throw new IllegalStateException("Embedded Kafka broker could not start on " + HOST + " (client port "
                        + brokerPort + ", controller port " + controllerPort + ", data in " + dataDir + "): "
                        + rootMessage(e), e);
            }
        }
        lastStartupTime = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("Embedded Kafka broker ready on {} (cluster id {}, data in {}) after {} ms", bootstrapServers(),
                clusterId, dataDir, lastStartupTime.toMillis());
        return this;
    }

    private void startOnce() throws IOException {
        Path logDir = dataDir.resolve(LOG_DIR_NAME);
        Files.createDirectories(logDir);
        brokerPort = requestedBrokerPort > 0 ? requestedBrokerPort : freePort();
        controllerPort = requestedControllerPort > 0 ? requestedControllerPort : freePort();
        Properties props = serverProperties(logDir);
        clusterId = formatIfNeeded(logDir);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        server = new KafkaRaftServer(config, Time.SYSTEM); // set first, so a failed startup is shut down too
        server.startup();
        awaitReady();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** Shuts the broker down cleanly and waits for it. The data directory is kept. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        LOG.info("Stopping embedded Kafka broker on {}", bootstrapServers());
        stopQuietly();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:<port>} of the client listener. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The KRaft cluster id; stays the same across restarts on the same data directory. */
    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Wall-clock time of the last {@link #start()}, formatting included, until the broker answered Admin calls. */
    public Duration lastStartupTime() {
        return lastStartupTime;
    }

    /** Whether clients must authenticate with SASL/PLAIN. */
    public boolean saslEnabled() {
        return !plainUsers.isEmpty();
    }

    /** Whether the client listener is SASL_SSL. */
    public boolean tlsEnabled() {
        return tls != null;
    }

    /**
     * Client settings for this broker: bootstrap servers and, when SASL is on, the security settings for the broker's
     * own admin user (over TLS when it is on). Add them to producer, consumer, streams and admin configs.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (saslEnabled()) {
            props.putAll(saslClientProperties(BROKER_ADMIN_USER, plainUsers.get(BROKER_ADMIN_USER)));
        }
        if (tls != null) {
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
            props.put("ssl.truststore.type", "PKCS12");
            props.put("ssl.truststore.location", tls.trustStore().toString());
            props.put("ssl.truststore.password", tls.password());
        }
        return props;
    }

    /** SASL/SCRAM-SHA-512 client settings (without TLS) for one of the users created at format time. */
    public static Map<String, Object> scramClientProperties(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";");
    }

    /** SASL/PLAIN client settings for one of the configured users. */
    public static Map<String, Object> saslClientProperties(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, plainLogin(user, password, Map.of()));
    }

    private Properties serverProperties(Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        String clientProtocol = tls != null ? "SASL_SSL" : saslEnabled() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":" + clientProtocol + "," + CONTROLLER_LISTENER
                + ":" + (tls != null ? "SASL_SSL" : "PLAINTEXT"));
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());

        // Single node: every internal topic with RF 1 and min ISR 1, or transactions (EOS) hang.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");

        // Small machine: small cleaner buffer, few threads.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("num.replica.fetchers", "1");

        if (saslEnabled()) {
            String brokerListener = "listener.name." + BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
            // With TLS, SCRAM users may also be created later with the Admin API, so SCRAM is always on.
            boolean scram = !scramUsers.isEmpty() || tls != null;
            p.put("sasl.enabled.mechanisms", scram ? "PLAIN," + SCRAM_MECHANISM : "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put(brokerListener + "plain.sasl.jaas.config",
                    plainLogin(BROKER_ADMIN_USER, plainUsers.get(BROKER_ADMIN_USER), plainUsers));
            if (scram) {
                p.put(brokerListener + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
        }
        if (tls != null) {
            // One server certificate (127.0.0.1) for both listeners; the broker trusts the same CA as a client of its
            // controller. The controller listener authenticates the broker's own user with SASL/PLAIN.
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", tls.keyStore().toString());
            p.put("ssl.keystore.password", tls.password());
            p.put("ssl.key.password", tls.password());
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", tls.trustStore().toString());
            p.put("ssl.truststore.password", tls.password());
            String controllerListener = "listener.name." + CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
            p.put("sasl.mechanism.controller.protocol", "PLAIN");
            p.put(controllerListener + "sasl.enabled.mechanisms", "PLAIN");
            p.put(controllerListener + "plain.sasl.jaas.config",
                    plainLogin(BROKER_ADMIN_USER, plainUsers.get(BROKER_ADMIN_USER), Map.of(BROKER_ADMIN_USER,
                            plainUsers.get(BROKER_ADMIN_USER))));
        }
        if (aclsEnabled) {
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("allow.everyone.if.no.acl.found", "false");
            // Without TLS the controller listener is PLAINTEXT on 127.0.0.1 and its principal is ANONYMOUS.
            p.put("super.users", "User:" + BROKER_ADMIN_USER + (tls != null ? "" : ";User:ANONYMOUS"));
        }
        overrides.forEach(p::put);
        return p;
    }

    private static String plainLogin(String user, String password, Map<String, String> users) {
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(jaasEscape(user)).append('"')
                .append(" password=\"").append(jaasEscape(password)).append('"');
        users.forEach((name, secret) -> jaas.append(" user_").append(name).append("=\"").append(jaasEscape(secret))
                .append('"'));
        return jaas.append(';').toString();
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Formats the log directory on first use; afterwards returns the cluster id stored in meta.properties. */
    private String formatIfNeeded(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties stored = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                stored.load(in);
            }
            String existing = stored.getProperty("cluster.id");
            if (existing == null || existing.isBlank()) {
                throw new IllegalStateException(meta + " has no cluster.id; the data directory is damaged. Move it away"
                        + " to start with an empty broker.");
            }
            LOG.debug("Re-using formatted storage in {} (cluster id {})", logDir, existing);
            return existing;
        }
        String newClusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(newClusterId)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(scramArguments())
                    .setIgnoreFormatted(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir + " failed: " + e.getMessage(), e);
        }
        LOG.info("Formatted new KRaft storage in {} (cluster id {})", logDir, newClusterId);
        LOG.debug("Formatter output: {}", formatterOutput.toString(StandardCharsets.UTF_8).trim());
        return newClusterId;
    }

    /** The format tool's {@code --add-scram} arguments: {@code SCRAM-SHA-512=[name=alice,password=secret]}. */
    private List<String> scramArguments() {
        return scramUsers.entrySet().stream()
                .map(u -> SCRAM_MECHANISM + "=[name=" + u.getKey() + ",password=" + u.getValue() + "]")
                .toList();
    }

    private void awaitReady() {
        Map<String, Object> adminProps = new LinkedHashMap<>(clientProperties());
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(adminProps)) {
            while (System.nanoTime() < deadline) {
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                            .get(6, TimeUnit.SECONDS);
                    if (nodes.stream().map(Node::id).anyMatch(id -> id == NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
                }
                try {
                    Thread.sleep(100); // poll interval of the readiness check, bounded by the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the embedded Kafka broker", e);
                }
            }
        }
        throw new IllegalStateException("Embedded Kafka broker on " + bootstrapServers() + " did not answer Admin calls"
                + " within " + startupTimeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private void stopQuietly() {
        KafkaRaftServer running = server;
        server = null;
        if (running == null) {
            return;
        }
        try {
            running.shutdown();
            running.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka broker did not shut down cleanly: {}", e.toString());
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        }
    }

    /** PKCS12 stores of the TLS listeners: the server key and certificate, the CA to trust; one password for both. */
    public record Tls(Path keyStore, Path trustStore, String password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(password, "password");
        }
    }

    /** Settings of an embedded broker. */
    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private final Map<String, String> plainUsers = new LinkedHashMap<>();
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private boolean aclsEnabled;
        private Tls tls;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Client listener port; 0 (default) picks a free one at each start. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port);
            return this;
        }

        /** Controller listener port; 0 (default) picks a free one at each start. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /**
         * Turns on SASL/PLAIN on the client listener with these users (name to password). The broker's own user
         * {@value #BROKER_ADMIN_USER} must be among them: the broker uses it to talk to itself.
         */
        public Builder plainUsers(Map<String, String> users) {
            if (!users.isEmpty() && !users.containsKey(BROKER_ADMIN_USER)) {
                throw new IllegalArgumentException("SASL/PLAIN users must include the broker's own user '"
                        + BROKER_ADMIN_USER + "'");
            }
            plainUsers.clear();
            plainUsers.putAll(users);
            return this;
        }

        /**
         * TLS on both listeners (SASL_SSL); needs SASL on ({@link #plainUsers(Map)} with the broker's own user).
         * Clients must trust the CA of {@code tls.trustStore()}; hostname verification sees 127.0.0.1.
         */
        public Builder tls(Tls settings) {
            this.tls = settings;
            return this;
        }

        /**
         * SCRAM-SHA-512 users (name to password), created when the storage is formatted, i.e. on the first start of
         * a data directory only. Needs SASL on ({@link #plainUsers(Map)} with the broker's own user).
         */
        public Builder scramUsers(Map<String, String> users) {
            for (Map.Entry<String, String> user : users.entrySet()) {
                if (!user.getKey().matches("[A-Za-z0-9._-]+") || user.getValue().matches(".*[,\\]\\[=].*")) {
                    throw new IllegalArgumentException("SCRAM user '" + user.getKey() + "': names may hold letters,"
                            + " digits, '.', '_' and '-'; passwords may not hold ',', '[', ']' or '='");
                }
            }
            scramUsers.clear();
            scramUsers.putAll(users);
            return this;
        }

        /** Turns on ACL authorization (StandardAuthorizer, deny by default, the broker's user is a super user). */
        public Builder aclsEnabled(boolean enabled) {
            this.aclsEnabled = enabled;
            return this;
        }

        /** Any broker setting (server.properties key and value); applied last, so it wins. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public EmbeddedKafkaBroker build() {
            if (plainUsers.isEmpty() && (!scramUsers.isEmpty() || aclsEnabled || tls != null)) {
                throw new IllegalStateException("SCRAM users, ACLs and TLS need SASL on the client listener: set plainUsers"
                        + " including the broker's own user '" + BROKER_ADMIN_USER + "'");
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0 (pick a free one) or 1-65535, was " + port);
            }
            return port;
        }
    }
}
