package org.plotracker.serde.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry returns it ({@code GET /subjects/{s}/versions/{v}}).
 *
 * @param subject the subject, e.g. {@code plo.events.delivery.v1-value}
 * @param version the version under that subject, from 1
 * @param id      the registry-wide schema id written into the Confluent wire format
 * @param schema  the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
