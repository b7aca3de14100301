package org.plotracker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.VertebralMorphology;
import org.plotracker.contracts.validation.Violation;

/**
 * Turns a JSON object shaped like an event's Avro schema (field names as in the schema, dates as {@code YYYY-MM-DD},
 * times as ISO-8601 instants, enums by symbol) into the generated SpecificRecord, collecting every field that cannot
 * be read instead of stopping at the first.
 *
 * <p>Lenient where a person typing or a spreadsheet exporting would expect it: numbers and booleans may be given as
 * text, enum symbols are case-insensitive ({@code femoral-neck} = {@code FEMORAL_NECK}), and a fracture site may be
 * written as the shorthand {@code LEVEL_OR_REGION[:MORPHOLOGY[:GRADE]]} (e.g. {@code T12:WEDGE:2}, {@code WRIST}).
 * Unknown fields are errors (they are usually typos). Fields left out take their schema default; a left-out field
 * without a default is reported as required.
 */
public final class JsonEventMapper {

    /** The field that names the event type in JSON Lines input; not part of the event itself. */
    public static final String TYPE_FIELD = "type";

    private static final SpecificData DATA = SpecificData.get();

    /** The mapped record, possibly with unset fields, and what could not be read. */
    public record Mapped(SpecificRecord record, List<Violation> errors) {
    }

    /** Maps {@code json} to an event of {@code type}; the {@code type} field, if present, is ignored. */
    public Mapped map(EventType type, ObjectNode json) {
        List<Violation> errors = new ArrayList<>();
        Object record = readRecord(type.schema(), json, "", errors, Set.of(TYPE_FIELD));
        return new Mapped((SpecificRecord) record, List.copyOf(errors));
    }

    private Object readRecord(Schema schema, JsonNode json, String prefix, List<Violation> errors,
            Set<String> ignoredFields) {
        Object record = DATA.newRecord(null, schema);
        SpecificRecord target = (SpecificRecord) record;
        Set<String> known = schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toSet());
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name) && !ignoredFields.contains(name)) {
                errors.add(new Violation(prefix + name, "unknown field; " + schema.getName() + " has "
                        + schema.getFields().stream().map(Schema.Field::name).toList()));
            }
        }
        for (Schema.Field field : schema.getFields()) {
            JsonNode node = json.get(field.name());
            String path = prefix + field.name();
            if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
                if (field.hasDefaultValue()) {
                    target.put(field.pos(), DATA.getDefaultValue(field));
                } else if (!acceptsNull(field.schema())) {
                    errors.add(new Violation(path, "is required"));
                }
                continue;
            }
            target.put(field.pos(), read(field.schema(), node, path, errors));
        }
        return record;
    }

    private Object read(Schema schema, JsonNode node, String path, List<Violation> errors) {
        return switch (schema.getType()) {
            case UNION -> readUnion(schema, node, path, errors);
            case STRING -> readString(node, path, errors);
            case INT -> schema.getLogicalType() instanceof LogicalTypes.Date
                    ? readDate(node, path, errors) : readInt(node, path, errors);
            case LONG -> isTimestampMillis(schema.getLogicalType())
                    ? readInstant(node, path, errors) : readLong(node, path, errors);
            case DOUBLE, FLOAT -> readDouble(node, path, errors);
            case BOOLEAN -> readBoolean(node, path, errors);
            case ENUM -> readEnum(schema, node, path, errors);
            case ARRAY -> readArray(schema, node, path, errors);
            case RECORD -> readNestedRecord(schema, node, path, errors);
            default -> {
                errors.add(new Violation(path, "unsupported field type " + schema.getType()));
                yield null;
            }
        };
    }

    private Object readUnion(Schema union, JsonNode node, String path, List<Violation> errors) {
        List<Schema> branches = union.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        if (branches.size() != 1) {
            errors.add(new Violation(path, "unsupported union " + union));
            return null;
        }
        return read(branches.get(0), node, path, errors);
    }

    private static String readString(JsonNode node, String path, List<Violation> errors) {
        if (node.isTextual()) {
            return node.asText().trim();
        }
        if (node.isNumber()) {
            return node.asText();
        }
        errors.add(new Violation(path, "must be text, got " + describe(node)));
        return null;
    }

    private static LocalDate readDate(JsonNode node, String path, List<Violation> errors) {
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.asText().trim());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new Violation(path, "not a date (YYYY-MM-DD): " + describe(node)));
        return null;
    }

    private static Instant readInstant(JsonNode node, String path, List<Violation> errors) {
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        errors.add(new Violation(path, "not a time (ISO-8601 with offset, e.g. 2024-03-14T16:00:00Z): "
                + describe(node)));
        return null;
    }

    private static Integer readInt(JsonNode node, String path, List<Violation> errors) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (node.isTextual()) {
            try {
                return Integer.valueOf(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(new Violation(path, "not a whole number: " + describe(node)));
        return null;
    }

    private static Long readLong(JsonNode node, String path, List<Violation> errors) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.valueOf(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        errors.add(new Violation(path, "not a whole number: " + describe(node)));
        return null;
    }

    private static Double readDouble(JsonNode node, String path, List<Violation> errors) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            // Accept a decimal comma as exported by some locales; refuse anything else that is not a plain number.
            if (text.matches("[+-]?\\d+([.,]\\d+)?([eE][+-]?\\d+)?") || text.matches("[+-]?[.,]\\d+")) {
                return Double.valueOf(text.replace(',', '.'));
            }
        }
        errors.add(new Violation(path, "not a number: " + describe(node)));
        return null;
    }

    private static Boolean readBoolean(JsonNode node, String path, List<Violation> errors) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            switch (node.asText().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1" -> {
                    return Boolean.TRUE;
                }
                case "false", "no", "n", "0" -> {
                    return Boolean.FALSE;
                }
                default -> {
                    // reported below
                }
            }
        }
        errors.add(new Violation(path, "not true/false: " + describe(node)));
        return null;
    }

    private static Object readEnum(Schema schema, JsonNode node, String path, List<Violation> errors) {
        if (node.isTextual()) {
            String symbol = normaliseSymbol(node.asText());
            if (schema.hasEnumSymbol(symbol)) {
                return DATA.createEnum(symbol, schema);
            }
        }
        errors.add(new Violation(path, "not one of " + knownSymbols(schema) + ": " + describe(node)));
        return null;
    }

    private Object readArray(Schema schema, JsonNode node, String path, List<Violation> errors) {
        Schema items = schema.getElementType();
        List<Object> values = new ArrayList<>();
        if (node.isTextual()) {
            // Text form (CSV cells, command-line options): entries separated by ';'.
            String[] parts = node.asText().split(";");
            int index = 0;
            for (String part : parts) {
                if (part.isBlank()) {
                    continue;
                }
                values.add(readItem(items, new com.fasterxml.jackson.databind.node.TextNode(part.trim()),
                        path + "[" + index++ + "]", errors));
            }
            return values;
        }
        if (!node.isArray()) {
            errors.add(new Violation(path, "must be a list, got " + describe(node)));
            return null;
        }
        for (int i = 0; i < node.size(); i++) {
            values.add(readItem(items, node.get(i), path + "[" + i + "]", errors));
        }
        return values;
    }

    private Object readItem(Schema items, JsonNode node, String path, List<Violation> errors) {
        if (node == null || node.isNull()) {
            errors.add(new Violation(path, "is missing (null)"));
            return null;
        }
        if (items.getFullName().equals(FractureSite.getClassSchema().getFullName()) && node.isTextual()) {
            return parseFractureShorthand(node.asText(), path, errors);
        }
        return read(items, node, path, errors);
    }

    private Object readNestedRecord(Schema schema, JsonNode node, String path, List<Violation> errors) {
        if (!node.isObject()) {
            errors.add(new Violation(path, "must be an object, got " + describe(node)));
            return null;
        }
        return readRecord(schema, node, path + ".", errors, Set.of());
    }

    /**
     * {@code LEVEL_OR_REGION[:MORPHOLOGY[:GRADE]]}: a vertebral level (T12) means region VERTEBRA at that level; a
     * skeletal region (WRIST, HIP...) means a non-vertebral fracture.
     */
    static FractureSite parseFractureShorthand(String text, String path, List<Violation> errors) {
        String[] parts = text.trim().split(":", -1);
        FractureSite.Builder site = FractureSite.newBuilder();
        String where = normaliseSymbol(parts[0]);
        Schema vertebra = Vertebra.getClassSchema();
        Schema region = SkeletalRegion.getClassSchema();
        int errorsBefore = errors.size();
        if (vertebra.hasEnumSymbol(where) && !where.equals("UNKNOWN")) {
            site.setRegion(SkeletalRegion.VERTEBRA).setVertebra(Vertebra.valueOf(where));
        } else if (region.hasEnumSymbol(where)) {
            site.setRegion(SkeletalRegion.valueOf(where));
        } else {
            errors.add(new Violation(path, "'" + parts[0] + "' is neither a vertebral level (T1..L5) nor one of "
                    + knownSymbols(region)));
            site.setRegion(SkeletalRegion.UNKNOWN);
        }
        if (parts.length > 1 && !parts[1].isBlank()) {
            String morphology = normaliseSymbol(parts[1]);
            if (VertebralMorphology.getClassSchema().hasEnumSymbol(morphology)) {
                site.setMorphology(VertebralMorphology.valueOf(morphology));
            } else {
                errors.add(new Violation(path + ".morphology", "not one of "
                        + knownSymbols(VertebralMorphology.getClassSchema()) + ": '" + parts[1] + "'"));
            }
        }
        if (parts.length > 2 && !parts[2].isBlank()) {
            try {
                site.setGenantGrade(Integer.valueOf(parts[2].trim()));
            } catch (NumberFormatException e) {
                errors.add(new Violation(path + ".genantGrade", "not a whole number: '" + parts[2] + "'"));
            }
        }
        if (parts.length > 3) {
            errors.add(new Violation(path, "expected LEVEL_OR_REGION[:MORPHOLOGY[:GRADE]], got '" + text + "'"));
        }
        return errors.size() > errorsBefore && site.getRegion() == SkeletalRegion.UNKNOWN ? null : site.build();
    }

    private static boolean acceptsNull(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    private static boolean isTimestampMillis(LogicalType type) {
        return type instanceof LogicalTypes.TimestampMillis;
    }

    static String normaliseSymbol(String text) {
        return text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    static List<String> knownSymbols(Schema enumSchema) {
        return enumSchema.getEnumSymbols().stream().filter(s -> !s.equals("UNKNOWN")).toList();
    }

    private static String describe(JsonNode node) {
        String text = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "...'" : text;
    }
}
