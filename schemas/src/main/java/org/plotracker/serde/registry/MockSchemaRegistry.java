package org.plotracker.serde.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static registry of in-memory registries behind {@code mock://<scope>} URLs, as Confluent's serde does it: every
 * serializer, deserializer and client configured with {@code schema.registry.url=mock://my-test} shares one
 * {@link InMemorySchemaRegistryClient}. Tests drop their scope in cleanup ({@link #dropScope(String)}) so that the next
 * test starts empty.
 */
public final class MockSchemaRegistry {

    /** URL scheme that selects an in-memory registry. */
    public static final String MOCK_URL_PREFIX = "mock://";

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** The in-memory registry of a scope, created on first use. */
    public static InMemorySchemaRegistryClient clientForScope(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("mock registry scope must not be blank (use mock://<scope>)");
        }
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets a scope and everything registered in it; the next use of the scope starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    /** True if the URL is a {@code mock://} URL. */
    public static boolean isMockUrl(String url) {
        return url != null && url.trim().startsWith(MOCK_URL_PREFIX);
    }

    /** The scope of a {@code mock://<scope>} URL ("mock://tracker-test" → "tracker-test"). */
    public static String scopeOf(String url) {
        if (!isMockUrl(url)) {
            throw new IllegalArgumentException("not a mock:// URL: " + url);
        }
        String scope = url.trim().substring(MOCK_URL_PREFIX.length());
        while (scope.endsWith("/")) {
            scope = scope.substring(0, scope.length() - 1);
        }
        return scope;
    }
}
