package org.plotracker.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.DeadLetterCounter;
import org.plotracker.workspace.AcknowledgementWriter;
import org.plotracker.workspace.WorkspaceServer;
import org.plotracker.workspace.WorkspaceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running product: the cluster (embedded or external), the care-team workspace (HTTP, bound before the streams so
 * its port can be advertised), then the tracker topology on it. Each is registered with a {@link GracefulShutdown} as
 * it starts, so that a signal at any moment stops exactly what is running, in reverse: streams, workspace, broker.
 */
public final class TrackerService {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerService.class);

    private final TrackerCluster cluster;
    private final TrackerStreams streams;
    private final WorkspaceServer workspace;
    private final Duration startup;

    private TrackerService(TrackerCluster cluster, TrackerStreams streams, WorkspaceServer workspace,
                           Duration startup) {
        this.cluster = cluster;
        this.streams = streams;
        this.workspace = workspace;
        this.startup = startup;
    }

    /**
     * Connects to (or starts) the cluster and starts the topology, waiting until it runs.
     *
     * @param announce told where the broker and registry listen as soon as the cluster is up
     */
    public static TrackerService start(AppConfig config, GracefulShutdown shutdown,
                                       java.util.function.Consumer<String> announce, Duration startTimeout)
            throws InterruptedException {
        long began = System.nanoTime();
        RulesConfig rules = loadRules(config.rulesFile());
        TrackerCluster cluster = TrackerCluster.connect(config);
        shutdown.register("Kafka cluster", cluster::stop);
        announce.accept(cluster.describe());
        // The workspace binds first, so that its actual port is what the streams advertise (application.server);
        // it answers 503 until the streams are attached and running. Stopped after the streams (reverse order).
        WorkspaceServer workspace = new WorkspaceServer(WorkspaceSettings.from(config)).start();
        shutdown.register("HTTP workspace", t -> workspace.stop());
        Properties streamsProperties = StreamsSettings.forApp(cluster.config());
        // the workspace's own address: what it bound, under the host (and port) application.server may have named
        streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, workspace.applicationServer());
        DeadLetterCounter deadLetters = new DeadLetterCounter();
        streamsProperties.put(DeadLetterCounter.CONFIG, deadLetters);
        streamsProperties.put(org.plotracker.topology.TrackerTopology.INPUT_PARTITIONS_CONFIG,
                String.valueOf(cluster.inputPartitions()));
        Topology topology = TopologyWiring.topology(cluster.config(), rules);
        TrackerStreams streams = TrackerStreams.start(topology, streamsProperties);
        shutdown.register("Kafka Streams", streams::stop);
        workspace.attach(streams.kafkaStreams(), new AcknowledgementWriter(cluster.clientProperties(),
                cluster.config().kafkaSettings()), deadLetters);
        announce.accept("Workspace: " + workspace.url());
        if (!streams.awaitRunning(startTimeout)) {
            throw new IllegalStateException("the tracker did not reach RUNNING within " + startTimeout
                    + " (state " + streams.state() + ")");
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("Tracker running (application.id {}) after {} ms", config.applicationId(), startup.toMillis());
        return new TrackerService(cluster, streams, workspace, startup);
    }

    /** The clinic's rule overrides, or the built-in defaults. */
    public static RulesConfig loadRules(java.util.Optional<Path> rulesFile) {
        if (rulesFile.isEmpty()) {
            return RulesConfig.defaults();
        }
        Path file = rulesFile.get();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AppConfig.InvalidConfigurationException("rules file " + file + " cannot be read: " + e);
        }
        try {
            return RulesConfig.fromProperties(properties);
        } catch (IllegalArgumentException e) {
            throw new AppConfig.InvalidConfigurationException("rules file " + file + ": " + e.getMessage());
        }
    }

    public TrackerCluster cluster() {
        return cluster;
    }

    public TrackerStreams streams() {
        return streams;
    }

    /** The care-team workspace (HTTP) of this instance. */
    public WorkspaceServer workspace() {
        return workspace;
    }

    /** From the start call until the topology was running. */
    public Duration startupTime() {
        return startup;
    }
}
