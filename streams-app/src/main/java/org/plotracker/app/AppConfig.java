package org.plotracker.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved configuration of one run of the app: the app's own settings ({@link Setting}) and the Kafka client,
 * Kafka Streams and serde settings that pass straight through.
 *
 * <p>Layers, lowest precedence first: the defaults of {@link Setting}; the properties file given with
 * {@code --config}; environment variables ({@code PLO_*} named in {@link Setting}, and {@code PLO_KAFKA_*} for any
 * Kafka setting); command-line flags (named flags and {@code -D key=value}). Within the file, keys starting with
 * {@code plo.} are the app's; every other key is a Kafka/serde setting.
 */
public final class AppConfig {

    /** Kafka setting that switches the serde's schema registration on or off. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private final Map<String, String> values;

    private AppConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Resolves the layers.
     *
     * @param configFile  the {@code --config} properties file, if any
     * @param environment the process environment (only {@code PLO_*} variables are read)
     * @param flags       command-line values keyed by {@link Setting#fileKey()} or Kafka setting name
     * @throws InvalidConfigurationException when the file cannot be read or a value is malformed
     */
    public static AppConfig resolve(Optional<Path> configFile, Map<String, String> environment,
                                    Map<String, String> flags) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            setting.defaultValue().ifPresent(v -> merged.put(setting.fileKey(), v));
        }
        configFile.ifPresent(file -> merged.putAll(readProperties(file)));
        merged.putAll(fromEnvironment(environment));
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        AppConfig config = new AppConfig(merged);
        config.validate();
        return config;
    }

    /** Settings carried by {@code PLO_*} environment variables, keyed by file key or Kafka setting name. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> result = new LinkedHashMap<>();
        // Generic PLO_KAFKA_* first, so that a named variable (PLO_BOOTSTRAP_SERVERS) wins over its generic form.
        new TreeMap<>(environment).forEach((name, value) -> Setting.kafkaKeyOfEnvironmentVariable(name)
                .ifPresent(key -> result.put(key, value)));
        new TreeMap<>(environment).forEach((name, value) -> Setting.byEnvironmentVariable(name)
                .ifPresent(setting -> result.put(setting.fileKey(), value)));
        return result;
    }

    static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            result.put(name, properties.getProperty(name).trim());
        }
        return result;
    }

    private void validate() {
        partitions();
        brokerPort();
        registryPort();
        shutdownTimeoutSeconds();
        if (secure() && bootstrapServers().isPresent()) {
            throw new InvalidConfigurationException(Setting.SECURE.fileKey() + " secures the embedded stack; for the"
                    + " cluster at " + bootstrapServers().get() + " give its security settings in --config"
                    + " (docs/security.md)");
        }
        if (bootstrapServers().isPresent() && schemaRegistryUrl().isEmpty()) {
            throw new InvalidConfigurationException("an external cluster (bootstrap.servers="
                    + bootstrapServers().get() + ") needs a schema registry: give " + Setting.SCHEMA_REGISTRY_URL.flag()
                    + " or " + Setting.SCHEMA_REGISTRY_URL.environmentVariable());
        }
        if (applicationId().isBlank()) {
            throw new InvalidConfigurationException("application.id must not be blank");
        }
    }

    /** The external cluster, or empty for the embedded default. */
    public Optional<String> bootstrapServers() {
        return nonBlank(Setting.BOOTSTRAP_SERVERS.fileKey());
    }

    public Optional<String> schemaRegistryUrl() {
        return nonBlank(Setting.SCHEMA_REGISTRY_URL.fileKey());
    }

    /** True when no cluster was given: the embedded broker and registry are started. */
    public boolean embedded() {
        return bootstrapServers().isEmpty();
    }

    public String applicationId() {
        return values.get(Setting.APPLICATION_ID.fileKey()).trim();
    }

    public Path dataDir() {
        return Path.of(values.get(Setting.DATA_DIR.fileKey()).trim());
    }

    public Path stateDir() {
        return nonBlank(Setting.STATE_DIR.fileKey()).map(Path::of).orElse(dataDir().resolve("streams-state"));
    }

    public int brokerPort() {
        return port(Setting.BROKER_PORT);
    }

    public int registryPort() {
        return port(Setting.REGISTRY_PORT);
    }

    public int partitions() {
        int partitions = integer(Setting.PARTITIONS);
        if (partitions < 1) {
            throw new InvalidConfigurationException(Setting.PARTITIONS.fileKey() + " must be at least 1, was "
                    + partitions);
        }
        return partitions;
    }

    public Optional<Path> rulesFile() {
        return nonBlank(Setting.RULES_FILE.fileKey()).map(Path::of);
    }

    /**
     * How far (recorded time) the tracker's clock must pass an event's recordedAt before the patient is decided as of
     * it (the topology's settle interval, {@code docs/rules.md}); zero decides at once.
     */
    public java.time.Duration alertSettle() {
        return java.time.Duration.ofMillis(nonNegative(Setting.ALERT_SETTLE_MS, " milliseconds"));
    }

    /** How long a task goes without a record before its clock follows the wall clock (docs/architecture.md). */
    public java.time.Duration idleAfter() {
        return java.time.Duration.ofMillis(nonNegative(Setting.IDLE_AFTER_MS, " milliseconds"));
    }

    /** Event versions of recently decided patients each task keeps decoded (docs/architecture.md). */
    public int recentPatientVersions() {
        return nonNegative(Setting.RECENT_PATIENT_VERSIONS, "");
    }

    private int nonNegative(Setting setting, String unit) {
        int value = integer(setting);
        if (value < 0) {
            throw new InvalidConfigurationException(setting.fileKey() + " must be 0 or more" + unit + ", was "
                    + value);
        }
        return value;
    }

    /** The as-of instant that caps the tracker's clock (follow-up reminders and KPIs), if configured. */
    public Optional<java.time.Instant> asOf() {
        return nonBlank(Setting.AS_OF.fileKey()).map(text -> {
            try {
                return org.plotracker.topology.TopologySettings.parseAsOf(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(e.getMessage());
            }
        });
    }

    public int shutdownTimeoutSeconds() {
        int seconds = integer(Setting.SHUTDOWN_TIMEOUT_SECONDS);
        if (seconds < 1) {
            throw new InvalidConfigurationException(Setting.SHUTDOWN_TIMEOUT_SECONDS.fileKey()
                    + " must be at least 1, was " + seconds);
        }
        return seconds;
    }

    /** Whether the embedded stack runs secured: TLS, a principal per role, ACLs, registry authentication. */
    public boolean secure() {
        String value = nonBlank(Setting.SECURE.fileKey()).orElse("false");
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new InvalidConfigurationException(Setting.SECURE.fileKey() + " must be true or false, was " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * Whether the serde registers schemas: as configured, else on for the embedded default and off otherwise. The
     * secured embedded stack registers them in its own release step and lets no role register, so it is off there.
     */
    public boolean autoRegisterSchemas() {
        return nonBlank(AUTO_REGISTER_SCHEMAS).map(v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new InvalidConfigurationException(AUTO_REGISTER_SCHEMAS + " must be true or false, was " + v);
            }
            return Boolean.parseBoolean(v);
        }).orElse(embedded() && !secure());
    }

    /**
     * Everything that passes through to Kafka clients, Kafka Streams and the serde: every non-{@code plo.} key, with
     * {@code state.dir} and {@code auto.register.schemas} filled in. Bootstrap servers and registry URL of the embedded
     * default are not known until it has started; see {@link #withCluster(String, String)}.
     */
    public Map<String, String> kafkaSettings() {
        Map<String, String> result = new TreeMap<>();
        values.forEach((key, value) -> {
            if (!key.startsWith(Setting.APP_KEY_PREFIX) && !value.isBlank()) {
                result.put(key, value);
            }
        });
        result.put(Setting.STATE_DIR.fileKey(), stateDir().toString());
        result.put(AUTO_REGISTER_SCHEMAS, Boolean.toString(autoRegisterSchemas()));
        return result;
    }

    /**
     * This configuration with more Kafka client / serde settings, which win over those it has (the secured embedded
     * stack hands the tracker its principal's credentials this way).
     */
    public AppConfig withKafkaSettings(Map<String, ?> settings) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        settings.forEach((key, value) -> copy.put(key, String.valueOf(value)));
        return new AppConfig(copy);
    }

    /** This configuration pointed at a running cluster (the embedded one once started). */
    public AppConfig withCluster(String bootstrapServers, String schemaRegistryUrl) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        // Decide auto-registration before the cluster becomes "external" by having bootstrap servers.
        copy.put(AUTO_REGISTER_SCHEMAS, Boolean.toString(autoRegisterSchemas()));
        copy.put(Setting.BOOTSTRAP_SERVERS.fileKey(), bootstrapServers);
        copy.put(Setting.SCHEMA_REGISTRY_URL.fileKey(), schemaRegistryUrl);
        return new AppConfig(copy);
    }

    /** The raw value of any key, after layering. */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** All values after layering, with derived ones (state dir, schema registration); secrets are masked. */
    public Map<String, String> describe() {
        Map<String, String> all = new TreeMap<>(values);
        all.putAll(kafkaSettings());
        Map<String, String> result = new TreeMap<>();
        all.forEach((key, value) -> result.put(key, isSecret(key) ? "********" : value));
        return result;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("user.info")
                || k.contains("token") || k.endsWith(".key");
    }

    private Optional<String> nonBlank(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private int integer(Setting setting) {
        String raw = values.get(setting.fileKey());
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidConfigurationException(setting.fileKey() + " (" + setting.flag() + ", "
                    + setting.environmentVariable() + ") must be a whole number, was '" + raw + "'");
        }
    }

    private int port(Setting setting) {
        int port = integer(setting);
        if (port < 0 || port > 65535) {
            throw new InvalidConfigurationException(setting.fileKey() + " must be a port 0-65535, was " + port);
        }
        return port;
    }

    /** A setting is missing or malformed; the message names it and how it was given. */
    public static final class InvalidConfigurationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidConfigurationException(String message) {
            super(message);
        }
    }
}
