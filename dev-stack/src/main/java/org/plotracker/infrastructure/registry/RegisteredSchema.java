package org.plotracker.infrastructure.registry;

/**
 * One version of a subject: the registry's global schema id and the schema in canonical form (Avro's
 * {@code Schema.toString()} of the parsed schema, as Confluent stores it).
 *
 * @param subject the subject
 * @param version version within the subject, from 1
 * @param id global schema id (the same schema has the same id under every subject)
 * @param schema canonical schema text
 * @param deleted whether the version is soft-deleted
 */
public record RegisteredSchema(String subject, int version, int id, String schema, boolean deleted) {
}
