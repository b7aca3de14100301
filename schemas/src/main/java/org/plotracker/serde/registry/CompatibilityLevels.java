package org.plotracker.serde.registry;

import java.util.List;
import java.util.Locale;

/**
 * Names of the compatibility levels of the Confluent REST API ({@code GET|PUT /config}). The client passes them as
 * strings, exactly as the registry does; checking schemas against a level is the registry's job.
 */
public final class CompatibilityLevels {

    public static final String NONE = "NONE";
    public static final String BACKWARD = "BACKWARD";
    public static final String BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE";
    public static final String FORWARD = "FORWARD";
    public static final String FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE";
    public static final String FULL = "FULL";
    public static final String FULL_TRANSITIVE = "FULL_TRANSITIVE";

    /** Every level the REST API accepts. */
    public static final List<String> NAMES = List.of(NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE,
            FULL, FULL_TRANSITIVE);

    private CompatibilityLevels() {
    }

    /**
     * The canonical (upper-case) name of a level.
     *
     * @throws SchemaRegistryException 422 / 42203 for an unknown level
     */
    public static String normalize(String level) {
        String upper = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!NAMES.contains(upper)) {
            throw SchemaRegistryException.invalidCompatibilityLevel(level);
        }
        return upper;
    }
}
