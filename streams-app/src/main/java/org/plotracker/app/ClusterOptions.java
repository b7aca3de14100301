package org.plotracker.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Command-line flags shared by {@code run} and {@code demo}: where the cluster is and how to reach it. */
public final class ClusterOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Kafka client / Streams / registry settings (e.g. security); "
                    + "plo.* keys set the app's own settings. Lowest precedence: environment and flags override it.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (env PLO_BOOTSTRAP_SERVERS). Without it the embedded broker and "
                    + "registry are started.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (env PLO_SCHEMA_REGISTRY_URL); required with "
                    + "--bootstrap-servers.")
    String schemaRegistryUrl;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id (env PLO_APPLICATION_ID; default plo-tracker).")
    String applicationId;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Embedded broker/registry data and local state; survives restarts (env PLO_DATA_DIR; "
                    + "default ./plo-data).")
    Path dataDir;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state (env PLO_STATE_DIR; default <data-dir>/streams-state).")
    Path stateDir;

    @Option(names = "--broker-port", paramLabel = "PORT",
            description = "Embedded broker port (env PLO_BROKER_PORT; default 9092, another free port if taken; "
                    + "0 = any).")
    Integer brokerPort;

    @Option(names = "--registry-port", paramLabel = "PORT",
            description = "Embedded registry port (env PLO_REGISTRY_PORT; default 8081, another free port if taken; "
                    + "0 = any).")
    Integer registryPort;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the topics the embedded default creates (env PLO_TOPIC_PARTITIONS; "
                    + "default 6).")
    Integer partitions;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Clinic rule overrides, plo.rules.* properties (env PLO_RULES; default built-in rules).")
    Path rulesFile;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            description = "Time a clean shutdown may take (env PLO_SHUTDOWN_TIMEOUT_SECONDS; default 30).")
    Integer shutdownTimeoutSeconds;

    @Option(names = "--alert-settle-ms", paramLabel = "MILLIS",
            description = "Recorded time the clock must pass an event's recordedAt before the patient is decided as of"
                    + " it, so that one submission's events are judged together (env PLO_ALERT_SETTLE_MS; default"
                    + " 3000; 0 = decide at once).")
    Long alertSettleMs;

    @Option(names = "--idle-after-ms", paramLabel = "MILLIS",
            description = "Time without a record after which a task's clock follows the wall clock (env"
                    + " PLO_IDLE_AFTER_MS; default 2000).")
    Long idleAfterMs;

    @Option(names = "--http-host", paramLabel = "ADDRESS",
            description = "Address the care-team workspace listens on (env PLO_HTTP_HOST; default 127.0.0.1; any other "
                    + "needs PLO_HTTP_TOKENS or PLO_HTTP_PASSWORDS).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Workspace port (env PLO_HTTP_PORT; default 8080, another free port when taken; 0 = choose).")
    Integer httpPort;

    @Option(names = "--http-advertised-host", paramLabel = "HOST",
            description = "Host name other instances use to reach this one (env PLO_HTTP_ADVERTISED_HOST).")
    String httpAdvertisedHost;

    @Option(names = {"-D", "--kafka"}, paramLabel = "KEY=VALUE",
            description = "Any Kafka client, Kafka Streams or registry serde setting; overrides the file and "
                    + "PLO_KAFKA_* variables. Repeatable.")
    Map<String, String> kafka = new LinkedHashMap<>();

    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** The flags given, keyed by file key or Kafka setting; named flags win over {@code -D}. */
    public Map<String, String> asSettings() {
        Map<String, String> flags = new LinkedHashMap<>(kafka);
        put(flags, Setting.BOOTSTRAP_SERVERS, bootstrapServers);
        put(flags, Setting.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        put(flags, Setting.APPLICATION_ID, applicationId);
        put(flags, Setting.DATA_DIR, dataDir);
        put(flags, Setting.STATE_DIR, stateDir);
        put(flags, Setting.BROKER_PORT, brokerPort);
        put(flags, Setting.REGISTRY_PORT, registryPort);
        put(flags, Setting.PARTITIONS, partitions);
        put(flags, Setting.RULES_FILE, rulesFile);
        put(flags, Setting.SHUTDOWN_TIMEOUT_SECONDS, shutdownTimeoutSeconds);
        put(flags, Setting.ALERT_SETTLE_MS, alertSettleMs);
        put(flags, Setting.IDLE_AFTER_MS, idleAfterMs);
        put(flags, Setting.HTTP_HOST, httpHost);
        put(flags, Setting.HTTP_PORT, httpPort);
        put(flags, Setting.HTTP_ADVERTISED_HOST, httpAdvertisedHost);
        return flags;
    }

    /** Resolves every layer against the process environment. */
    public AppConfig resolve(Map<String, String> environment) {
        return AppConfig.resolve(configFile(), environment, asSettings());
    }

    private static void put(Map<String, String> flags, Setting setting, Object value) {
        if (value != null) {
            flags.put(setting.fileKey(), value.toString());
        }
    }
}
