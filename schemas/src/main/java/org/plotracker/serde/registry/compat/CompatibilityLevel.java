package org.plotracker.serde.registry.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The compatibility levels of the Confluent Schema Registry, with the same names and meaning.
 *
 * <ul>
 *   <li>{@code BACKWARD}: consumers using the new schema can read data written with the latest registered schema.</li>
 *   <li>{@code FORWARD}: consumers using the latest registered schema can read data written with the new schema.</li>
 *   <li>{@code FULL}: both of the above.</li>
 *   <li>The {@code _TRANSITIVE} forms check against every registered version of the subject, not only the latest.</li>
 *   <li>{@code NONE}: no check.</li>
 * </ul>
 * {@link #DEFAULT} is {@code BACKWARD}, as in Confluent Schema Registry.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The registry-wide default when nothing is configured (Confluent's default). */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the new schema must be able to read data written with the earlier schema(s). */
    public boolean checksBackward() {
        return backward;
    }

    /** Whether the earlier schema(s) must be able to read data written with the new schema. */
    public boolean checksForward() {
        return forward;
    }

    /** Whether every registered version is checked (otherwise only the latest). */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level name as the registry's REST API accepts it (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the bad value and the valid ones
     */
    public static CompatibilityLevel parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Compatibility level is missing; valid levels are " + validNames());
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid compatibility level '" + name + "'; valid levels are " + validNames(), e);
        }
    }

    /** The valid names, comma separated, for error messages. */
    public static String validNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
