package org.plotracker.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client and serde settings of a command: the embedded-stack defaults, then the {@code --config} file,
 * then the command-line options, in increasing precedence. Timeouts are bounded so that an unreachable broker or
 * registry fails the command within {@code --timeout} instead of retrying for minutes.
 */
public final class ClientSettings {

    /** Confluent's key for the registry URL, also used by the project's serde. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private final Map<String, Object> base;
    private final int timeoutMs;

    private ClientSettings(Map<String, Object> base, int timeoutMs) {
        this.base = base;
        this.timeoutMs = timeoutMs;
    }

    /** Reads the settings; an unreadable {@code --config} file is a usage error. */
    public static ClientSettings from(ConnectionOptions options) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, ConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS);
        settings.put(SCHEMA_REGISTRY_URL, ConnectionOptions.DEFAULT_SCHEMA_REGISTRY_URL);
        if (options.config() != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(options.config(), StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw new CliException(ExitCode.USAGE, "cannot read --config " + options.config() + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
            }
            file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name).trim()));
        }
        if (options.bootstrapServers() != null) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        }
        if (options.schemaRegistryUrl() != null) {
            settings.put(SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
        }
        if (options.autoRegisterSchemas()) {
            settings.put(AUTO_REGISTER_SCHEMAS, "true");
        }
        if (options.timeoutSeconds() <= 0) {
            throw new CliException(ExitCode.USAGE, "--timeout must be at least 1 second, got "
                    + options.timeoutSeconds());
        }
        return new ClientSettings(settings, options.timeoutSeconds() * 1000);
    }

    public String bootstrapServers() {
        return String.valueOf(base.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    public String schemaRegistryUrl() {
        return String.valueOf(base.get(SCHEMA_REGISTRY_URL));
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    /** Settings for an {@code EventPublisher}: producer timeouts bounded by {@code --timeout}. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> settings = common(clientId);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        settings.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutMs * 3, 30_000));
        return settings;
    }

    /** Settings for a read_committed consumer in {@code groupId}, committing offsets itself. */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> settings = common(clientId);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        settings.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        return settings;
    }

    private Map<String, Object> common(String clientId) {
        Map<String, Object> settings = new HashMap<>(base);
        settings.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // Registry HTTP timeouts (the serde's keys), so a dead registry fails within --timeout as well.
        settings.putIfAbsent("http.connect.timeout.ms", timeoutMs);
        settings.putIfAbsent("http.read.timeout.ms", timeoutMs);
        // One quick retry instead of the registry client's default backoff of 1 + 2 + 4 s.
        settings.putIfAbsent("max.retries", 1);
        settings.putIfAbsent("retries.wait.ms", 200);
        // Reconnect attempts to an unreachable broker: back off quickly but do not spin.
        settings.putIfAbsent(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return settings;
    }
}
