package org.plotracker.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.Topology;
import org.plotracker.rules.RulesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running product: the cluster (embedded or external), then the tracker topology on it. Both are registered with
 * a {@link GracefulShutdown} as they start, so that a signal at any moment stops exactly what is running, streams
 * before the broker.
 */
public final class TrackerService {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerService.class);

    private final TrackerCluster cluster;
    private final TrackerStreams streams;
    private final Duration startup;

    private TrackerService(TrackerCluster cluster, TrackerStreams streams, Duration startup) {
        this.cluster = cluster;
        this.streams = streams;
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
        Properties streamsProperties = StreamsSettings.forApp(cluster.config());
        streamsProperties.put(org.plotracker.topology.TrackerTopology.INPUT_PARTITIONS_CONFIG,
                String.valueOf(cluster.inputPartitions()));
        Topology topology = TopologyWiring.topology(cluster.config(), rules);
        TrackerStreams streams = TrackerStreams.start(topology, streamsProperties);
        shutdown.register("Kafka Streams", streams::stop);
        if (!streams.awaitRunning(startTimeout)) {
            throw new IllegalStateException("the tracker did not reach RUNNING within " + startTimeout
                    + " (state " + streams.state() + ")");
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - began);
        LOG.info("Tracker running (application.id {}) after {} ms", config.applicationId(), startup.toMillis());
        return new TrackerService(cluster, streams, startup);
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

    /** From the start call until the topology was running. */
    public Duration startupTime() {
        return startup;
    }
}
