package org.plotracker.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.plotracker.security.Role;
import org.plotracker.infrastructure.kafka.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka cluster and schema registry the tracker works with: an external cluster whose topics are verified (it is
 * never changed), or, in the development launcher only, the embedded stack it starts itself (real in-JVM KRaft broker
 * and registry on 127.0.0.1, topics created if missing; see {@link EmbeddedCluster}).
 */
public final class TrackerCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerCluster.class);

    private final AppConfig config;
    private final EmbeddedCluster embedded;

    private TrackerCluster(AppConfig config, EmbeddedCluster embedded) {
        this.config = config;
        this.embedded = embedded;
    }

    /**
     * Starts the embedded stack, or checks the external cluster's topics.
     *
     * @throws TopicProvisioner.TopicLayoutException     when an external cluster lacks topics or has other partition
     *                                                   counts; its message lists every problem
     * @throws AppConfig.InvalidConfigurationException when no cluster is given and this build has no embedded stack
     */
    public static TrackerCluster connect(AppConfig config) {
        if (!config.embedded()) {
            TrackerCluster cluster = new TrackerCluster(config, null);
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                new TopicProvisioner(admin, topicSettings(config)).verify();
            }
            return cluster;
        }
        EmbeddedCluster.Starter starter = EmbeddedCluster.starter().orElseThrow(() ->
                new AppConfig.InvalidConfigurationException("no Kafka cluster given (--bootstrap-servers or "
                        + "PLO_BOOTSTRAP_SERVERS, with --schema-registry-url). This production build carries no "
                        + "embedded broker; for a local trial use the development launcher bin/plo-tracker or ./demo"));
        int brokerPort = portOrAny(config.brokerPort());
        int registryPort = portOrAny(config.registryPort());
        TopicProvisioner.Settings topics = topicSettings(config);
        Function<Admin, List<String>> createTopics = admin -> new TopicProvisioner(admin, topics).ensureTopics();
        EmbeddedCluster stack = config.secure()
                ? starter.startSecured(config.dataDir(), brokerPort, registryPort, createTopics, config.applicationId())
                : starter.start(config.dataDir(), brokerPort, registryPort, createTopics);
        AppConfig connected = config.withCluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        if (config.secure()) {
            // The tracker itself (streams, serdes, admin) runs under its own principal.
            connected = connected.withKafkaSettings(stack.clientProperties(Role.TRACKER));
        }
        return new TrackerCluster(connected, stack);
    }

    private static TopicProvisioner.Settings topicSettings(AppConfig config) {
        return TopicProvisioner.Settings.defaults().withPartitions(config.partitions());
    }

    /** The preferred port when it is free on 127.0.0.1, else 0 (let the stack choose a free one). */
    static int portOrAny(int preferred) {
        if (preferred == 0) {
            return 0;
        }
        try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return preferred;
        } catch (IOException taken) {
            LOG.info("Port {} is taken; choosing a free port", preferred);
            return 0;
        }
    }

    /** The configuration pointed at this cluster (bootstrap servers and registry URL filled in). */
    public AppConfig config() {
        return config;
    }

    public boolean embedded() {
        return embedded != null;
    }

    public String bootstrapServers() {
        return config.bootstrapServers().orElseThrow();
    }

    public String schemaRegistryUrl() {
        return config.schemaRegistryUrl().orElseThrow();
    }

    /**
     * Every Kafka/serde setting as client properties (bootstrap servers, security, registry): the tracker's own. On
     * the secured embedded stack these are the {@link Role#TRACKER} principal's.
     */
    public Map<String, Object> clientProperties() {
        return clientProperties(Role.TRACKER);
    }

    /**
     * Client properties of a component acting as {@code role}: on the secured embedded stack that role's principal
     * (the demo publishes as the clinic and reads alerts as the care team); elsewhere the tracker's settings.
     */
    public Map<String, Object> clientProperties(Role role) {
        Map<String, Object> properties = new LinkedHashMap<>(config.kafkaSettings());
        if (embedded != null) {
            properties.putAll(embedded.clientProperties(role));
        }
        properties.remove(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG);
        properties.remove(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG);
        return properties;
    }

    /**
     * Partitions of the input topics (verified equal at connect), so that the topology can check that each record
     * sits on the partition Kafka's default partitioner gives its key.
     */
    public int inputPartitions() {
        String input = org.plotracker.contracts.Topics.INPUTS.get(0).name();
        try (Admin admin = Admin.create(clientProperties())) {
            return admin.describeTopics(java.util.List.of(input)).allTopicNames()
                    .get(60, java.util.concurrent.TimeUnit.SECONDS).get(input).partitions().size();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the partition count of " + input + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition count of " + input, e);
        }
    }

    /** Where the broker and registry listen, for the start-up banner. */
    public String describe() {
        if (embedded != null) {
            return "Embedded Kafka broker:   " + bootstrapServers() + "  (KRaft, cluster " + embedded.clusterId()
                    + ")\nEmbedded schema registry: " + schemaRegistryUrl() + "\nData directory:          "
                    + config.dataDir().toAbsolutePath().normalize()
                    + embedded.credentialsDirectory().map(dir -> "\nSecured: TLS, a principal per role, ACLs;"
                            + " client settings per role in " + dir.toAbsolutePath().normalize()).orElse("");
        }
        return "Kafka cluster:   " + bootstrapServers() + "\nSchema registry: " + schemaRegistryUrl();
    }

    /** Stops the embedded stack (its data is kept); nothing to do for an external cluster. */
    public void stop(Duration timeout) {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
