package org.plotracker.serde;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.serde.registry.SchemaRegistryClientConfig;

/**
 * Config keys of the Avro serde, named as in Confluent's {@code KafkaAvroSerializer} so that existing client configs
 * work unchanged. The registry connection keys (URL, auth, TLS, retries, caches) are in
 * {@link SchemaRegistryClientConfig}.
 */
public final class AvroSerdeConfig {

    /** Comma-separated registry base URLs, or {@code mock://<scope>} for tests. Required. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.URL;
    /**
     * Register the record's schema under the subject when it is not there yet. Default {@code false}: production
     * schemas are registered by a release step, not by whichever producer starts first.
     */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /**
     * Serialize with the subject's latest registered schema instead of looking up the record's own schema. Default
     * {@code false}.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /**
     * With {@link #USE_LATEST_VERSION}: refuse to serialize when the latest schema cannot read data of the record's own
     * schema. Default {@code true}.
     */
    public static final String LATEST_COMPATIBILITY_STRICT = "latest.compatibility.strict";

    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final boolean latestCompatibilityStrict;

    private AvroSerdeConfig(Map<String, ?> config) {
        this.autoRegisterSchemas = bool(config, AUTO_REGISTER_SCHEMAS, false);
        this.useLatestVersion = bool(config, USE_LATEST_VERSION, false);
        this.latestCompatibilityStrict = bool(config, LATEST_COMPATIBILITY_STRICT, true);
    }

    public static AvroSerdeConfig from(Map<String, ?> config) {
        return new AvroSerdeConfig(config);
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public boolean latestCompatibilityStrict() {
        return latestCompatibilityStrict;
    }

    /**
     * A serde config for tests: the in-memory registry of {@code scope} ({@code mock://<scope>}) with auto-registration
     * on. Drop the scope in cleanup with {@link MockSchemaRegistry#dropScope(String)}.
     */
    public static Map<String, Object> mockRegistry(String scope) {
        Map<String, Object> config = new HashMap<>();
        config.put(SCHEMA_REGISTRY_URL, MockSchemaRegistry.MOCK_URL_PREFIX + scope);
        config.put(AUTO_REGISTER_SCHEMAS, true);
        return config;
    }

    private static boolean bool(Map<String, ?> config, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            case "" -> fallback;
            default -> throw new ConfigException(key, value, "must be true or false");
        };
    }
}
