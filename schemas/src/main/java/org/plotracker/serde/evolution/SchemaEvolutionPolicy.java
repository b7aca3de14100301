package org.plotracker.serde.evolution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * plo-tracker's schema evolution rules, checkable against any schema and its released versions:
 * <ol>
 *   <li>every enum has a default symbol, so that a reader meets a symbol it does not know without failing;</li>
 *   <li>every field added since a released version has a default, so that the new schema reads old data;</li>
 *   <li>the current schema can read data written with every released version (BACKWARD_TRANSITIVE), checked with
 *       Avro's {@link SchemaCompatibility}, the rule the registry enforces on the subject.</li>
 * </ol>
 * Each violation is a sentence naming the record, field or enum and the released version.
 */
public final class SchemaEvolutionPolicy {

    private SchemaEvolutionPolicy() {
    }

    /** All violations of the rules by {@code current} against its released versions (oldest first). */
    public static List<String> violations(Schema current, List<Schema> releasedOldestFirst) {
        List<String> violations = new ArrayList<>(enumsWithoutDefault(current));
        for (int i = 0; i < releasedOldestFirst.size(); i++) {
            Schema released = releasedOldestFirst.get(i);
            String version = "released v" + (i + 1);
            violations.addAll(fieldsAddedWithoutDefault(current, released, version));
            var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released).getResult();
            result.getIncompatibilities().forEach(incompatibility -> violations.add(current.getName()
                    + " cannot read data written with " + version + ": " + incompatibility.getType() + " at "
                    + fieldPath(current, incompatibility.getLocation()) + " (" + incompatibility.getMessage() + ")"));
        }
        return List.copyOf(violations);
    }

    /** Enums reachable from the schema that declare no default symbol. */
    public static List<String> enumsWithoutDefault(Schema schema) {
        List<String> violations = new ArrayList<>();
        visitNamed(schema, named -> {
            if (named.getType() == Schema.Type.ENUM && named.getEnumDefault() == null) {
                violations.add("enum " + named.getFullName() + " has no default symbol; add \"default\": \""
                        + named.getEnumSymbols().get(0) + "\" (or an UNKNOWN symbol) so unknown symbols stay readable");
            }
        });
        return violations;
    }

    /**
     * Fields of records present in both schemas (the top-level records, and nested ones matched by full name) that
     * exist in {@code current} but not in {@code released} (by name or alias) and have no default.
     */
    public static List<String> fieldsAddedWithoutDefault(Schema current, Schema released, String releasedLabel) {
        Map<String, Schema> releasedRecords = new HashMap<>();
        visitNamed(released, named -> {
            if (named.getType() == Schema.Type.RECORD) {
                releasedRecords.put(named.getFullName(), named);
            }
        });
        List<String> violations = new ArrayList<>();
        visitNamed(current, named -> {
            if (named.getType() != Schema.Type.RECORD) {
                return;
            }
            // The top-level records are the same contract even if a namespace moved.
            Schema old = named == current ? released : releasedRecords.get(named.getFullName());
            if (old == null) {
                return;
            }
            for (Schema.Field field : named.getFields()) {
                boolean existed = old.getField(field.name()) != null
                        || field.aliases().stream().anyMatch(alias -> old.getField(alias) != null);
                if (!existed && !field.hasDefaultValue()) {
                    violations.add("field " + named.getFullName() + "." + field.name() + " was added after "
                            + releasedLabel + " without a default; give it one (e.g. make it [\"null\", ...] with "
                            + "default null)");
                }
            }
        });
        return violations;
    }

    /**
     * Turns Avro's JSON-pointer location of an incompatibility ({@code /fields/1/type}) into the field path in the
     * reader schema ({@code Visit.site}); returns the pointer unchanged if it cannot be followed.
     */
    public static String fieldPath(Schema reader, String location) {
        StringBuilder path = new StringBuilder(reader.getName());
        Schema current = reader;
        String[] tokens = location == null ? new String[0] : location.split("/");
        try {
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                if (token.isEmpty() || token.equals("type")) {
                    continue;
                }
                if (token.equals("fields") && i + 1 < tokens.length) {
                    Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
                    path.append('.').append(field.name());
                    current = field.schema();
                } else if (token.equals("items")) {
                    path.append("[]");
                    current = current.getElementType();
                } else if (token.equals("values")) {
                    path.append("{}");
                    current = current.getValueType();
                } else if (current.getType() == Schema.Type.UNION && token.chars().allMatch(Character::isDigit)) {
                    current = current.getTypes().get(Integer.parseInt(token));
                } else {
                    path.append(" (").append(token).append(')');
                }
            }
            return path.toString();
        } catch (RuntimeException e) {
            return location;
        }
    }

    /** Calls {@code visitor} once for every named type (record, enum, fixed) reachable from {@code schema}. */
    private static void visitNamed(Schema schema, Consumer<Schema> visitor) {
        visit(schema, visitor, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void visit(Schema schema, Consumer<Schema> visitor, Set<Schema> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema)) {
                    visitor.accept(schema);
                    schema.getFields().forEach(field -> visit(field.schema(), visitor, seen));
                }
            }
            case ENUM, FIXED -> {
                if (seen.add(schema)) {
                    visitor.accept(schema);
                }
            }
            case ARRAY -> visit(schema.getElementType(), visitor, seen);
            case MAP -> visit(schema.getValueType(), visitor, seen);
            case UNION -> schema.getTypes().forEach(branch -> visit(branch, visitor, seen));
            default -> {
                // primitives carry no names
            }
        }
    }
}
