package org.plotracker.infrastructure.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.plotracker.serde.registry.compat.CompatibilityLevel;

/**
 * The registry's state, materialized from the {@code _schemas} log by applying its records in log order. Applying
 * the same log always gives the same state, also after Kafka compacted it (see {@link EmbeddedSchemaRegistry} for the
 * record kinds and why compaction cannot change a decision). Not thread-safe: the store guards it.
 */
final class RegistryState {

    /** An accepted claim: the version it holds and the key of the claim record (for tombstones). */
    private record Accepted(int id, String schema, String claim) {
    }

    private record SubjectVersion(String subject, int version) {
    }

    private final Map<String, NavigableMap<Integer, Accepted>> subjects = new HashMap<>();
    private final Set<SubjectVersion> softDeleted = new HashSet<>();
    private final Set<SubjectVersion> permanentlyDeleted = new HashSet<>();
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, Integer> maxVersion = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int maxId;
    private long appliedRecords;

    // ---- applying log records -------------------------------------------------------------------------------

    /** Applies one record of the log. {@code value} is null for a tombstone. Unknown record kinds are ignored. */
    void apply(JsonNode key, JsonNode value) {
        appliedRecords++;
        String keyType = key.path("keytype").asText("");
        switch (keyType) {
            case StoreRecords.SCHEMA -> applyClaim(key, value);
            case StoreRecords.DELETED -> applyDeletion(key, value);
            case StoreRecords.CONFIG -> applyConfig(key, value);
            default -> {
                // Records of other kinds (e.g. written by a newer version) do not change this state.
            }
        }
    }

    private void applyClaim(JsonNode key, JsonNode value) {
        String subject = key.path("subject").asText();
        int version = key.path("version").asInt();
        String claim = key.path("claim").asText();
        SubjectVersion sv = new SubjectVersion(subject, version);
        NavigableMap<Integer, Accepted> versions = subjects.get(subject);
        Accepted current = versions == null ? null : versions.get(version);
        if (value == null) {
            // Tombstone: removes the version only if this claim is the accepted one (permanent delete); tombstones
            // of losing claims change nothing.
            if (current != null && current.claim().equals(claim)) {
                versions.remove(version);
                softDeleted.remove(sv);
                forgetIdIfUnused(current.id());
            }
            return;
        }
        int id = value.path("id").asInt();
        String schema = value.path("schema").asText();
        if (!acceptable(subject, version, id, schema)) {
            return; // a losing claim: someone else's claim came first in log order
        }
        subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, new Accepted(id, schema, claim));
        schemaById.put(id, schema);
        idBySchema.put(schema, id);
        maxId = Math.max(maxId, id);
        maxVersion.merge(subject, version, Math::max);
    }

    /** The acceptance rule: first claim in log order wins, ids and schemas stay one-to-one. */
    private boolean acceptable(String subject, int version, int id, String schema) {
        SubjectVersion sv = new SubjectVersion(subject, version);
        if (id < 1 || version < 1 || permanentlyDeleted.contains(sv)) {
            return false;
        }
        NavigableMap<Integer, Accepted> versions = subjects.get(subject);
        if (versions != null) {
            if (versions.containsKey(version)) {
                return false;
            }
            for (Map.Entry<Integer, Accepted> e : versions.entrySet()) {
                if (e.getValue().schema().equals(schema)
                        && !softDeleted.contains(new SubjectVersion(subject, e.getKey()))) {
                    return false; // the same schema is already live under this subject
                }
            }
        }
        Integer boundId = idBySchema.get(schema);
        if (boundId != null && boundId != id) {
            return false;
        }
        String boundSchema = schemaById.get(id);
        return boundSchema == null || boundSchema.equals(schema);
    }

    private void applyDeletion(JsonNode key, JsonNode value) {
        if (value == null) {
            return;
        }
        String subject = key.path("subject").asText();
        int version = key.path("version").asInt();
        SubjectVersion sv = new SubjectVersion(subject, version);
        maxVersion.merge(subject, version, Math::max);
        if (value.path("id").isInt()) {
            maxId = Math.max(maxId, value.path("id").asInt()); // ids of deleted versions are never handed out again
        }
        if (value.path("permanent").asBoolean(false)) {
            permanentlyDeleted.add(sv);
            softDeleted.remove(sv);
            NavigableMap<Integer, Accepted> versions = subjects.get(subject);
            if (versions != null) {
                Accepted removed = versions.remove(version);
                if (removed != null) {
                    forgetIdIfUnused(removed.id());
                }
            }
        } else if (subjects.containsKey(subject) && subjects.get(subject).containsKey(version)) {
            softDeleted.add(sv);
        }
    }

    private void applyConfig(JsonNode key, JsonNode value) {
        JsonNode subjectNode = key.path("subject");
        String subject = subjectNode.isMissingNode() || subjectNode.isNull() ? null : subjectNode.asText();
        CompatibilityLevel level = null;
        if (value != null && value.hasNonNull("compatibilityLevel")) {
            try {
                level = CompatibilityLevel.parse(value.get("compatibilityLevel").asText());
            } catch (IllegalArgumentException e) {
                return; // never written by this registry; ignore rather than break replay
            }
        }
        if (subject == null) {
            globalLevel = level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    private void forgetIdIfUnused(int id) {
        boolean used = subjects.values().stream().flatMap(v -> v.values().stream()).anyMatch(a -> a.id() == id);
        if (!used) {
            String schema = schemaById.remove(id);
            if (schema != null) {
                idBySchema.remove(schema);
            }
        }
    }

    // ---- queries ----------------------------------------------------------------------------------------------

    long appliedRecords() {
        return appliedRecords;
    }

    /** Subjects with at least one live version (or any version when {@code includeDeleted}), sorted. */
    List<String> subjects(boolean includeDeleted) {
        TreeSet<String> names = new TreeSet<>();
        subjects.forEach((subject, versions) -> {
            if (!versions.isEmpty() && (includeDeleted || versions.keySet().stream()
                    .anyMatch(v -> !softDeleted.contains(new SubjectVersion(subject, v))))) {
                names.add(subject);
            }
        });
        return new ArrayList<>(names);
    }

    /** Versions of a subject, oldest first; empty when the subject has none. */
    List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        NavigableMap<Integer, Accepted> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        List<RegisteredSchema> out = new ArrayList<>();
        versions.forEach((version, accepted) -> {
            boolean deleted = softDeleted.contains(new SubjectVersion(subject, version));
            if (includeDeleted || !deleted) {
                out.add(new RegisteredSchema(subject, version, accepted.id(), accepted.schema(), deleted));
            }
        });
        return out;
    }

    /** The claim key id of an accepted version, to tombstone it on permanent delete. */
    Optional<String> acceptedClaim(String subject, int version) {
        NavigableMap<Integer, Accepted> versions = subjects.get(subject);
        return versions == null || !versions.containsKey(version) ? Optional.empty()
                : Optional.of(versions.get(version).claim());
    }

    Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    Optional<Integer> idBySchema(String canonicalSchema) {
        return Optional.ofNullable(idBySchema.get(canonicalSchema));
    }

    /** Every version (deleted ones included) that holds schema {@code id}. */
    List<RegisteredSchema> versionsOfId(int id) {
        List<RegisteredSchema> out = new ArrayList<>();
        new TreeMap<>(subjects).forEach((subject, versions) -> versions.forEach((version, accepted) -> {
            if (accepted.id() == id) {
                out.add(new RegisteredSchema(subject, version, id, accepted.schema(),
                        softDeleted.contains(new SubjectVersion(subject, version))));
            }
        }));
        return out;
    }

    int nextId() {
        return maxId + 1;
    }

    /** Next version of a subject: versions are never re-used, not even after a permanent delete. */
    int nextVersion(String subject) {
        return maxVersion.getOrDefault(subject, 0) + 1;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The global level, {@link CompatibilityLevel#DEFAULT} when never set. */
    CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
