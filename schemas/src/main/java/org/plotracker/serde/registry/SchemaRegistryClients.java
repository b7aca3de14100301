package org.plotracker.serde.registry;

import java.util.Map;

/** Builds the registry client a config asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * The client for {@code schema.registry.url}: the shared in-memory registry of the scope for
     * {@code mock://<scope>}, otherwise a {@link RestSchemaRegistryClient} over the URLs behind a
     * {@link CachingSchemaRegistryClient}.
     *
     * @throws org.apache.kafka.common.config.ConfigException if the config is missing or inconsistent
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
        SchemaRegistryClientConfig settings = SchemaRegistryClientConfig.from(config);
        if (settings.isMock()) {
            return MockSchemaRegistry.clientForScope(MockSchemaRegistry.scopeOf(settings.urls().get(0)));
        }
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(settings), settings.cacheCapacity(),
                settings.latestCacheTtl());
    }
}
