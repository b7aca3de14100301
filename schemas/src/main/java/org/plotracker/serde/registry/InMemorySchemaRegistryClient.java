package org.plotracker.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.plotracker.serde.registry.compat.CompatibilityChecker;
import org.plotracker.serde.registry.compat.CompatibilityLevel;

/**
 * A schema registry held in memory with the semantics of Confluent Schema Registry: registry-wide ids from 1 (the
 * same schema gets the same id under every subject), versions per subject from 1, re-registering an identical schema
 * returns the existing id, and registering is refused with 409 when the schema breaks the subject's compatibility level
 * (global default {@code BACKWARD}), checked by {@link CompatibilityChecker}. For TopologyTestDriver and unit tests; shared per scope through
 * {@link MockSchemaRegistry} and {@code mock://<scope>} URLs.
 *
 * <p>Thread-safe (every method is synchronized; it is a test double, not a hot path).
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, String> subjectCompatibility = new HashMap<>();
    private String globalCompatibility = CompatibilityLevels.BACKWARD;
    private int nextId = 1;

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        for (RegisteredSchema existing : versions) {
            if (existing.schema().equals(schema)) {
                return existing.id();
            }
        }
        List<String> problems = incompatibilities(compatibility(subject), schema, schemasOf(versions));
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.incompatible("subject '" + subject + "': " + String.join("; ", problems));
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            int assigned = nextId++;
            schemasById.put(assigned, s);
            return assigned;
        });
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(new RegisteredSchema(subject, version, id, schema));
        return id;
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        for (RegisteredSchema existing : existingVersions(subject)) {
            if (existing.schema().equals(schema)) {
                return existing;
            }
        }
        throw SchemaRegistryException.schemaNotFound("the schema " + schema.getFullName()
                + " is not registered under subject '" + subject + "'");
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound("no schema has id " + id);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = existingVersions(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        if (version < 1) {
            throw SchemaRegistryException.invalidVersion(Integer.toString(version));
        }
        for (RegisteredSchema existing : existingVersions(subject)) {
            if (existing.version() == version) {
                return existing;
            }
        }
        throw SchemaRegistryException.versionNotFound(subject, Integer.toString(version));
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return existingVersions(subject).stream().map(RegisteredSchema::version).toList();
    }

    @Override
    public synchronized String globalCompatibility() {
        return globalCompatibility;
    }

    @Override
    public synchronized void setGlobalCompatibility(String level) {
        globalCompatibility = CompatibilityLevels.normalize(level);
    }

    @Override
    public synchronized String compatibility(String subject) {
        return subjectCompatibility.getOrDefault(subject, globalCompatibility);
    }

    @Override
    public synchronized void setCompatibility(String subject, String level) {
        requireSubject(subject);
        subjectCompatibility.put(subject, CompatibilityLevels.normalize(level));
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        Objects.requireNonNull(schema, "schema");
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return true;
        }
        // Like Confluent's /versions/latest endpoint: against the latest version only, in both directions the level asks.
        String level = compatibility(subject).replace("_TRANSITIVE", "");
        return incompatibilities(level, schema, List.of(versions.get(versions.size() - 1).schema())).isEmpty();
    }

    /** Removes every subject, schema and config: a fresh registry (ids start at 1 again). */
    public synchronized void reset() {
        subjects.clear();
        schemasById.clear();
        idsBySchema.clear();
        subjectCompatibility.clear();
        globalCompatibility = CompatibilityLevels.BACKWARD;
        nextId = 1;
    }

    private List<RegisteredSchema> existingVersions(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private static List<Schema> schemasOf(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject must not be blank");
        }
    }

    /**
     * Incompatibility messages of {@code candidate} against the earlier schemas (oldest first) under {@code level};
     * empty when compatible. The same checker as the embedded registry's.
     */
    static List<String> incompatibilities(String level, Schema candidate, List<Schema> earlierOldestFirst) {
        return CompatibilityChecker.check(CompatibilityLevel.parse(CompatibilityLevels.normalize(level)), candidate,
                earlierOldestFirst);
    }
}
