package org.plotracker.serde.registry.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * Decides whether a new schema may be registered under a subject, given the subject's earlier schemas and its
 * {@link CompatibilityLevel}, using Avro's own {@link SchemaCompatibility} (the same reader/writer resolution rules the
 * Avro decoder applies, and the ones Confluent Schema Registry uses).
 *
 * <p>Non-transitive levels compare the new schema with the latest earlier schema only; transitive levels compare it
 * with every earlier schema. The result is the list of incompatibility messages, empty when the schema is compatible.
 * Each message says which direction failed (who reads whom), which earlier version, the Avro incompatibility type, the
 * location in the schema and Avro's description, in the spirit of Confluent's
 * {@code {errorType:..., description:..., additionalInfo:...}} details.
 *
 * <p>Thread-safe and stateless.
 */
public final class CompatibilityChecker {

    private final CompatibilityLevel level;

    public CompatibilityChecker(CompatibilityLevel level) {
        this.level = Objects.requireNonNull(level, "level");
    }

    public CompatibilityLevel level() {
        return level;
    }

    /**
     * Checks {@code candidate} against the subject's earlier schemas.
     *
     * @param candidate the schema to register
     * @param earlierOldestFirst the subject's registered schemas, oldest first (the last one is the latest); may be
     *     empty, in which case everything is compatible
     * @return incompatibility messages; empty when compatible
     */
    public List<String> check(Schema candidate, List<Schema> earlierOldestFirst) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(earlierOldestFirst, "earlierOldestFirst");
        if (level == CompatibilityLevel.NONE || earlierOldestFirst.isEmpty()) {
            return List.of();
        }
        int latest = earlierOldestFirst.size() - 1;
        int first = level.transitive() ? 0 : latest;
        List<String> messages = new ArrayList<>();
        // Newest first, as Confluent reports them.
        for (int i = latest; i >= first; i--) {
            Schema earlier = earlierOldestFirst.get(i);
            String which = describe(i, latest);
            if (level.checksBackward()) {
                messages.addAll(messages(candidate, earlier, "the new schema cannot read data written with " + which));
            }
            if (level.checksForward()) {
                messages.addAll(messages(earlier, candidate, which + " cannot read data written with the new schema"));
            }
        }
        return List.copyOf(messages);
    }

    /** Convenience: {@code new CompatibilityChecker(level).check(candidate, earlierOldestFirst)}. */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> earlierOldestFirst) {
        return new CompatibilityChecker(level).check(candidate, earlierOldestFirst);
    }

    /** Whether {@code candidate} is compatible with the earlier schemas at this level. */
    public boolean isCompatible(Schema candidate, List<Schema> earlierOldestFirst) {
        return check(candidate, earlierOldestFirst).isEmpty();
    }

    private static String describe(int index, int latest) {
        return index == latest ? "the latest schema (position " + (index + 1) + ")"
                : "the earlier schema at position " + (index + 1);
    }

    private static List<String> messages(Schema reader, Schema writer, String direction) {
        SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            out.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction + ": "
                    + describe(incompatibility) + "', location:'" + incompatibility.getLocation()
                    + "', additionalInfo:'" + incompatibility.getMessage() + "'}");
        }
        if (out.isEmpty()) {
            out.add("{errorType:'INCOMPATIBLE', description:'" + direction + "'}");
        }
        return out;
    }

    private static String describe(Incompatibility incompatibility) {
        String detail = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "field '" + detail
                    + "' is read but has no default value and is missing from the written data";
            case NAME_MISMATCH -> "named types differ (" + detail + ")";
            case FIXED_SIZE_MISMATCH -> "fixed sizes differ (" + detail + ")";
            case MISSING_ENUM_SYMBOLS -> "enum symbols missing from the reader without a default symbol (" + detail
                    + ")";
            case MISSING_UNION_BRANCH -> "a written union branch has no match in the reader (" + detail + ")";
            case TYPE_MISMATCH -> "types differ (" + detail + ")";
            default -> detail;
        };
    }
}
