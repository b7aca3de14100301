package org.plotracker.serde.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that plo-tracker uses. Implementations: {@link
 * RestSchemaRegistryClient} (HTTP), {@link CachingSchemaRegistryClient} (bounded caches in front of another client)
 * and {@link InMemorySchemaRegistryClient} (tests; reached through {@code mock://<scope>} URLs).
 *
 * <p>Every method throws {@link SchemaRegistryException} carrying the HTTP status and Confluent {@code error_code}
 * when the registry refuses or cannot be reached.
 */
public interface SchemaRegistryClient extends Closeable {

    /**
     * Registers a schema under a subject ({@code POST /subjects/{subject}/versions}); registering a schema the subject
     * already holds returns the existing id.
     *
     * @return the registry-wide schema id
     * @throws SchemaRegistryException 409 if incompatible with the subject's compatibility level, 422/42201 if invalid
     */
    int register(String subject, Schema schema);

    /**
     * Looks up a schema under a subject without registering it ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException 404 with 40401 (no such subject) or 40403 (schema not registered there)
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with that id ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException 404 with 40403 if no schema has that id
     */
    Schema schemaById(int id);

    /** The newest version of a subject ({@code GET /subjects/{subject}/versions/latest}). */
    RegisteredSchema latest(String subject);

    /** One version of a subject ({@code GET /subjects/{subject}/versions/{version}}). */
    RegisteredSchema version(String subject, int version);

    /** All subjects ({@code GET /subjects}). */
    List<String> subjects();

    /** The versions of a subject, oldest first ({@code GET /subjects/{subject}/versions}). */
    List<Integer> versions(String subject);

    /** The global compatibility level ({@code GET /config}), one of {@link CompatibilityLevels#NAMES}. */
    String globalCompatibility();

    /** Sets the global compatibility level ({@code PUT /config}). */
    void setGlobalCompatibility(String level);

    /**
     * The compatibility level in force for a subject: its own if set, else the global one
     * ({@code GET /config/{subject}?defaultToGlobal=true}).
     */
    String compatibility(String subject);

    /** Sets a subject's own compatibility level ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, String level);

    /**
     * Whether the schema could be registered under the subject: tested against the latest version under the subject's
     * level ({@code POST /compatibility/subjects/{subject}/versions/latest}); true if the subject has no versions.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Releases connections; the default does nothing. */
    @Override
    default void close() {
    }
}
