package org.plotracker.app;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the streams app with its default: the one place where the defaults are written down.
 *
 * <p>Each setting can be given, from lowest to highest precedence, in the properties file named by
 * {@code --config} (under its file key), as an environment variable, or as a command-line flag. Any other key of the
 * properties file, any {@code PLO_KAFKA_*} environment variable and any {@code -D key=value} flag is a Kafka client,
 * Kafka Streams or schema-registry serde setting and passes through unchanged (see {@link AppConfig}).
 *
 * <table>
 * <caption>App settings</caption>
 * <tr><th>file key</th><th>environment</th><th>flag</th><th>default</th><th>meaning</th></tr>
 * <tr><td>bootstrap.servers</td><td>PLO_BOOTSTRAP_SERVERS</td><td>--bootstrap-servers</td><td>(none: embedded)</td>
 *     <td>Kafka cluster to use; when absent the embedded broker and registry are started</td></tr>
 * <tr><td>schema.registry.url</td><td>PLO_SCHEMA_REGISTRY_URL</td><td>--schema-registry-url</td>
 *     <td>(embedded registry)</td><td>Confluent-compatible schema registry; required with bootstrap.servers</td></tr>
 * <tr><td>application.id</td><td>PLO_APPLICATION_ID</td><td>--application-id</td><td>plo-tracker</td>
 *     <td>Kafka Streams application id (consumer group, internal topic prefix)</td></tr>
 * <tr><td>plo.data.dir</td><td>PLO_DATA_DIR</td><td>--data-dir</td><td>./plo-data</td>
 *     <td>embedded broker log dirs, registry and local state; survives restarts</td></tr>
 * <tr><td>state.dir</td><td>PLO_STATE_DIR</td><td>--state-dir</td><td>&lt;data dir&gt;/streams-state</td>
 *     <td>Kafka Streams local state (RocksDB)</td></tr>
 * <tr><td>plo.embedded.broker.port</td><td>PLO_BROKER_PORT</td><td>--broker-port</td><td>9092</td>
 *     <td>embedded broker port on 127.0.0.1; a free port is chosen when it is taken (0 = always choose)</td></tr>
 * <tr><td>plo.embedded.registry.port</td><td>PLO_REGISTRY_PORT</td><td>--registry-port</td><td>8081</td>
 *     <td>embedded registry port on 127.0.0.1; a free port is chosen when it is taken (0 = always choose)</td></tr>
 * <tr><td>plo.topics.partitions</td><td>PLO_TOPIC_PARTITIONS</td><td>--partitions</td><td>6</td>
 *     <td>partitions of every topic created at start by the embedded default; an external cluster's topics are
 *     checked to exist, be co-partitioned and compacted where needed, whatever their count</td></tr>
 * <tr><td>plo.rules-file</td><td>PLO_RULES</td><td>--rules</td><td>(built-in rule defaults)</td>
 *     <td>properties file of clinic rule overrides (LSC thresholds, windows)</td></tr>
 * <tr><td>auto.register.schemas</td><td>PLO_KAFKA_AUTO_REGISTER_SCHEMAS</td><td>-D auto.register.schemas=</td>
 *     <td>true embedded, false external</td><td>register value schemas from the app; external registries are
 *     expected to be managed</td></tr>
 * <tr><td>plo.shutdown.timeout.seconds</td><td>PLO_SHUTDOWN_TIMEOUT_SECONDS</td><td>--shutdown-timeout</td>
 *     <td>30</td><td>how long a clean shutdown may take before it gives up</td></tr>
 * <tr><td>plo.embedded.secure</td><td>PLO_SECURE</td><td>--secure</td><td>false</td>
 *     <td>embedded stack only: TLS, SASL/SCRAM, ACLs per role, registry authentication (docs/security.md)</td></tr>
 * <tr><td>plo.tracker.alert-settle-ms</td><td>PLO_ALERT_SETTLE_MS</td><td>--alert-settle-ms</td><td>3000</td>
 *     <td>recorded time the tracker's clock must pass an event's recordedAt before the patient is decided as of it,
 *     so that the events of one submission arriving through different topics are judged together (0 = decide at
 *     once; docs/rules.md)</td></tr>
 * <tr><td>plo.tracker.idle-after-ms</td><td>PLO_IDLE_AFTER_MS</td><td>--idle-after-ms</td><td>2000</td>
 *     <td>time without a record after which a task's clock follows the wall clock (docs/architecture.md)</td></tr>
 * <tr><td>plo.tracker.as-of</td><td>PLO_AS_OF</td><td>--as-of</td><td>(no cap)</td>
 *     <td>caps the tracker's clock at an ISO date or instant: follow-up reminders and KPIs are judged as of
 *     it</td></tr>
 * <tr><td>plo.tracker.recent-patient-versions</td><td>PLO_RECENT_PATIENT_VERSIONS</td><td>(file or environment
 *     only)</td><td>10000</td><td>event versions of recently decided patients each task keeps decoded in memory, so
 *     that her next decision does not re-read her history (0 = none; docs/architecture.md)</td></tr>
 * </table>
 *
 * <p>Kafka Streams settings the topology needs (exactly-once v2, the dead-letter queue, exception handlers,
 * standby replicas) come from the tracker's {@code TrackerStreamsConfig.defaults()} and can be overridden by the same
 * pass-through; {@code plo-tracker settings} prints the effective table including them.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", "PLO_BOOTSTRAP_SERVERS", "--bootstrap-servers", null,
            "Kafka cluster to use; when absent the embedded broker and registry are started"),
    SCHEMA_REGISTRY_URL("schema.registry.url", "PLO_SCHEMA_REGISTRY_URL", "--schema-registry-url", null,
            "Confluent-compatible schema registry; required with bootstrap.servers (default: the embedded registry)"),
    APPLICATION_ID("application.id", "PLO_APPLICATION_ID", "--application-id", "plo-tracker",
            "Kafka Streams application id (consumer group and internal topic prefix)"),
    DATA_DIR("plo.data.dir", "PLO_DATA_DIR", "--data-dir", "./plo-data",
            "embedded broker log dirs, registry and local state; survives restarts"),
    STATE_DIR("state.dir", "PLO_STATE_DIR", "--state-dir", null,
            "Kafka Streams local state (RocksDB); default <data dir>/streams-state"),
    BROKER_PORT("plo.embedded.broker.port", "PLO_BROKER_PORT", "--broker-port", "9092",
            "embedded broker port on 127.0.0.1; another free port is chosen when it is taken (0 = always choose)"),
    REGISTRY_PORT("plo.embedded.registry.port", "PLO_REGISTRY_PORT", "--registry-port", "8081",
            "embedded registry port on 127.0.0.1; another free port is chosen when it is taken (0 = always choose)"),
    PARTITIONS("plo.topics.partitions", "PLO_TOPIC_PARTITIONS", "--partitions", "6",
            "partitions of every topic created at start by the embedded default (an external cluster's topics are "
                    + "checked to exist, be co-partitioned and compacted where needed, whatever their count)"),
    RULES_FILE("plo.rules-file", "PLO_RULES", "--rules", null,
            "properties file of clinic rule overrides (LSC thresholds, windows); default: built-in rule defaults"),
    SHUTDOWN_TIMEOUT_SECONDS("plo.shutdown.timeout.seconds", "PLO_SHUTDOWN_TIMEOUT_SECONDS", "--shutdown-timeout",
            "30", "seconds a clean shutdown (streams close, broker stop) may take"),
    ALERT_SETTLE_MS("plo.tracker.alert-settle-ms", "PLO_ALERT_SETTLE_MS", "--alert-settle-ms", "3000",
            "milliseconds of recorded time the tracker's clock must pass an event's recordedAt before the patient is "
                    + "decided as of it, so that events of one submission arriving through different topics are "
                    + "judged together (0 = decide at once)"),
    AS_OF("plo.tracker.as-of", "PLO_AS_OF", "--as-of", null,
            "caps the tracker's clock: follow-up reminders and KPIs are judged as of this ISO date (its midnight UTC)"
                    + " or instant; default: no cap (the demo uses 2025-06-30)"),
    IDLE_AFTER_MS("plo.tracker.idle-after-ms", "PLO_IDLE_AFTER_MS", "--idle-after-ms", "2000",
            "milliseconds without a record after which a task's clock follows the wall clock, so that live decisions "
                    + "are not held back when nothing new arrives (keep it below the settle interval)"),
    RECENT_PATIENT_VERSIONS("plo.tracker.recent-patient-versions", "PLO_RECENT_PATIENT_VERSIONS",
            "(file or environment only)", "10000",
            "event versions of recently decided patients each task keeps decoded in memory, so that her next "
                    + "decision does not read and decode her history again (0 = none; a few hundred bytes of heap each)"),
    HTTP_HOST("plo.http.host", "PLO_HTTP_HOST", "--http-host", "127.0.0.1",
            "address the care-team workspace (HTTP) listens on; any other than loopback requires "
                    + "plo.http.auth.tokens or plo.http.auth.passwords"),
    HTTP_PORT("plo.http.port", "PLO_HTTP_PORT", "--http-port", null,
            "workspace port; default: the port of application.server when that is set, else 8080, and then another "
                    + "free port when 8080 is taken (0 = always choose)"),
    HTTP_ADVERTISED_HOST("plo.http.advertised-host", "PLO_HTTP_ADVERTISED_HOST", "--http-advertised-host", null,
            "host name other instances use to reach this one (Kafka Streams application.server, with the bound "
                    + "port); default: the host of application.server when that is set, else the listen address, or "
                    + "this machine's name when listening on 0.0.0.0"),
    HTTP_TOKENS("plo.http.auth.tokens", "PLO_HTTP_TOKENS", "(file or environment only)", null,
            "workspace bearer tokens, comma-separated name:ROLE:token (ROLE CARE_TEAM or ANALYST); when any "
                    + "credential is set every data request must authenticate"),
    HTTP_PASSWORDS("plo.http.auth.passwords", "PLO_HTTP_PASSWORDS", "(file or environment only)", null,
            "workspace basic-auth users, comma-separated name:ROLE:password"),
    SECURE("plo.embedded.secure", "PLO_SECURE", "--secure", "false",
            "embedded stack only: TLS and SASL/SCRAM-SHA-512 on the broker, ACLs per role, an HTTPS registry with "
                    + "basic authentication; every component runs under its own principal (docs/security.md)");

    /** Prefix of environment variables that pass through as Kafka settings. */
    public static final String KAFKA_ENV_PREFIX = "PLO_KAFKA_";
    /** Prefix of file keys that belong to the app itself and never pass through to Kafka. */
    public static final String APP_KEY_PREFIX = "plo.";

    private final String fileKey;
    private final String environmentVariable;
    private final String flag;
    private final String defaultValue;
    private final String description;

    Setting(String fileKey, String environmentVariable, String flag, String defaultValue, String description) {
        this.fileKey = fileKey;
        this.environmentVariable = environmentVariable;
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String fileKey() {
        return fileKey;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    public String flag() {
        return flag;
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    /** True for settings that are Kafka or serde settings too and therefore reach the Kafka clients. */
    public boolean passesToKafka() {
        return !fileKey.startsWith(APP_KEY_PREFIX);
    }

    public static Optional<Setting> byFileKey(String key) {
        return Arrays.stream(values()).filter(s -> s.fileKey.equals(key)).findFirst();
    }

    public static Optional<Setting> byEnvironmentVariable(String name) {
        return Arrays.stream(values()).filter(s -> s.environmentVariable.equals(name)).findFirst();
    }

    /**
     * Translates a {@code PLO_KAFKA_*} environment variable name to the Kafka setting it carries: the prefix is
     * dropped, the rest lower-cased, {@code ___} becomes {@code -}, {@code __} becomes {@code _} and {@code _} becomes
     * {@code .} (the convention of Confluent's container images). {@code PLO_KAFKA_SASL_JAAS_CONFIG} is
     * {@code sasl.jaas.config}.
     */
    public static Optional<String> kafkaKeyOfEnvironmentVariable(String name) {
        if (!name.startsWith(KAFKA_ENV_PREFIX) || name.length() == KAFKA_ENV_PREFIX.length()) {
            return Optional.empty();
        }
        String rest = name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
        String key = rest.replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0000', '-').replace('\u0001', '_');
        return Optional.of(key);
    }

    /** The settings table as Markdown, for {@code plo-tracker settings --markdown} and docs/configuration.md. */
    public static List<String> markdownRows() {
        return Arrays.stream(values()).map(s -> "| `" + s.fileKey + "` | `" + s.environmentVariable + "` | `"
                + s.flag + "` | " + s.defaultValue().map(v -> "`" + v + "`").orElse("—") + " | " + s.description
                + " |").toList();
    }
}
