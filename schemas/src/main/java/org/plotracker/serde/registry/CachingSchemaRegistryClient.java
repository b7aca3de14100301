package org.plotracker.serde.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * Bounded caches in front of another registry client, so that serializing and deserializing hit the registry once
 * per schema, not once per record: id → schema, (subject, schema) → id and registered version, (subject, version) →
 * schema, all immutable in a registry and kept until evicted (least recently used, at most {@code capacity} entries
 * each); a subject's latest version is kept for a TTL since it changes when a new version is registered. Listing and
 * config calls go straight through.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final Duration latestTtl;
    private final Clock clock;
    private final Map<Integer, Schema> schemasById;
    private final Map<SubjectSchema, Integer> registeredIds;
    private final Map<SubjectSchema, RegisteredSchema> lookups;
    private final Map<SubjectVersion, RegisteredSchema> versions;
    private final Map<String, Expiring> latest;

    /**
     * @param delegate  the client that asks the registry
     * @param capacity  maximum entries per cache
     * @param latestTtl how long a subject's latest version is trusted; null = until evicted
     */
    public CachingSchemaRegistryClient(SchemaRegistryClient delegate, int capacity, Duration latestTtl) {
        this(delegate, capacity, latestTtl, Clock.systemUTC());
    }

    CachingSchemaRegistryClient(SchemaRegistryClient delegate, int capacity, Duration latestTtl, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.latestTtl = latestTtl;
        this.clock = clock;
        this.schemasById = lru(capacity);
        this.registeredIds = lru(capacity);
        this.lookups = lru(capacity);
        this.versions = lru(capacity);
        this.latest = lru(capacity);
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = cached(registeredIds, key);
        if (id == null) {
            id = delegate.register(subject, schema);
            put(registeredIds, key, id);
            put(schemasById, id, schema);
        }
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        return cachedOrLoad(lookups, key, () -> {
            RegisteredSchema found = delegate.lookup(subject, schema);
            put(registeredIds, key, found.id());
            return found;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return cachedOrLoad(schemasById, id, () -> delegate.schemaById(id));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Expiring entry = cached(latest, subject);
        Instant now = clock.instant();
        if (entry != null && (entry.expiresAt() == null || now.isBefore(entry.expiresAt()))) {
            return entry.schema();
        }
        RegisteredSchema found = delegate.latest(subject);
        put(latest, subject, new Expiring(found, latestTtl == null ? null : now.plus(latestTtl)));
        put(versions, new SubjectVersion(subject, found.version()), found);
        put(schemasById, found.id(), found.schema());
        return found;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return cachedOrLoad(versions, new SubjectVersion(subject, version), () -> delegate.version(subject, version));
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public String globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(String level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public String compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, String level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    private static <K, V> V cached(Map<K, V> cache, K key) {
        synchronized (cache) {
            return cache.get(key);
        }
    }

    private static <K, V> void put(Map<K, V> cache, K key, V value) {
        synchronized (cache) {
            cache.put(key, value);
        }
    }

    /** Loads outside the lock: a slow registry call must not block readers of other keys. */
    private static <K, V> V cachedOrLoad(Map<K, V> cache, K key, Supplier<V> loader) {
        V value = cached(cache, key);
        if (value == null) {
            value = loader.get();
            put(cache, key, value);
        }
        return value;
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record SubjectVersion(String subject, int version) {
    }

    private record Expiring(RegisteredSchema schema, Instant expiresAt) {
    }
}
