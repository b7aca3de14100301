package org.plotracker.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration of the tracker: the topology's own defaults (exactly-once v2, the dead-letter
 * queue and exception handlers), the app's defaults, then everything the user configured ({@link AppConfig}).
 */
public final class StreamsSettings {

    /** Session timeout of the tracker's main consumers (project policy, see {@link #appDefaults()}). */
    public static final int SESSION_TIMEOUT_MS = 10_000;

    private StreamsSettings() {
    }

    /**
     * Settings the app adds on top of the topology's defaults; each can be overridden. One standby replica keeps a
     * warm copy of every state store on a second instance, so that when an instance stops another takes over its
     * patients without rebuilding their state from the changelog.
     */
    public static Map<String, String> appDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        topologyDefaults().forEach((k, v) -> defaults.put(k, String.valueOf(v)));
        defaults.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        // A stream thread that died (kill -9 of the instance, or a thread replaced after a failure) holds its
        // partitions until its session times out: Kafka Streams' consumers do not leave the group on close. 10 s
        // instead of the consumer's 45 s bounds that pause (docs/reliability.md); heartbeats come from a background
        // thread every 3 s, so a busy or briefly paused instance is not evicted.
        defaults.put(StreamsConfig.mainConsumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                String.valueOf(SESSION_TIMEOUT_MS));
        // Wait briefly for every input partition of a task to have data before choosing the next record by
        // timestamp, so a patient's events from different topics are less often processed out of order. Not in the
        // topology's own defaults: TopologyTestDriver would never process with it.
        defaults.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                String.valueOf(org.plotracker.topology.TrackerStreamsConfig.RECOMMENDED_MAX_TASK_IDLE_MS));
        return defaults;
    }

    /** The full Streams configuration for one instance. */
    public static Properties forApp(AppConfig config) {
        Properties properties = new Properties();
        properties.putAll(appDefaults());
        properties.putAll(config.kafkaSettings());
        return properties;
    }

    /** Kafka Streams defaults the tracker's topology needs. */
    static Map<String, Object> topologyDefaults() {
        Map<String, Object> defaults = new java.util.TreeMap<>();
        org.plotracker.topology.TrackerStreamsConfig.defaults()
                .forEach((k, v) -> defaults.put(String.valueOf(k), v));
        return defaults;
    }
}
