package org.plotracker.cli.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.SiteMeasurement;

/**
 * The flat column layout of one event type, used for CSV files (one header per column) and for the options of
 * {@code publish <type>} (one option per column). Derived from the Avro schema so that it cannot drift from the
 * contract:
 * <ul>
 *   <li>a plain field is one column of the same name ({@code clinicalDate});</li>
 *   <li>a nested record is one column per sub-field, prefixed ({@code device.model} → {@code deviceModel});</li>
 *   <li>DXA measurements are four columns per site: {@code <site>Bmd}, {@code <site>T}, {@code <site>Z},
 *       {@code <site>Region} ({@code lumbarSpineZ}, {@code femoralNeckBmd}, ...); a site with no value is left out;</li>
 *   <li>a list is one column with entries separated by {@code ;} ({@code excludedVertebrae}: {@code L2;L3});
 *       fracture sites use the shorthand {@code LEVEL_OR_REGION[:MORPHOLOGY[:GRADE]]} ({@code T12:WEDGE:2;L2}).</li>
 * </ul>
 */
public final class EventLayout {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern MEASUREMENT_PATH = Pattern.compile("^measurements\\[(\\d+)]\\.?(\\w*)(.*)$");
    private static final Map<String, String> MEASUREMENT_SUFFIX = Map.of(
            "bmdGramsPerCm2", "Bmd", "tScore", "T", "zScore", "Z", "region", "Region");
    /** Meanings of fields whose schema has no doc. */
    private static final Map<String, String> COMMON_DOCS = Map.ofEntries(
            Map.entry("eventId", "Unique id of this event in the source system; a re-sent event must carry the same"
                    + " id."),
            Map.entry("patientId", "Pseudonymous patient id (the record key); never a name or national id."),
            Map.entry("recordedAt", "When the source system recorded the event (ISO-8601, e.g."
                    + " 2024-03-14T16:00:00Z)."),
            Map.entry("sourceSystem", "Identifier of the publishing clinic system."),
            Map.entry("manufacturer", "DXA device manufacturer."),
            Map.entry("model", "DXA device model."),
            Map.entry("deliveryMode", "Mode of delivery."),
            Map.entry("multipleBirth", "True for twins or more (true/false)."),
            Map.entry("modality", "Imaging that showed the fracture."),
            Map.entry("trauma", "Trauma behind the fracture; NONE and LOW (fall from standing height or less) are"
                    + " fragility fractures."),
            Map.entry("action", "What happened to the treatment; ADMINISTERED is one dose given (e.g. a denosumab"
                    + " injection)."),
            Map.entry("agent", "The agent started, stopped, changed to, or given."),
            Map.entry("route", "Route of administration."),
            Map.entry("stopReason", "Why a treatment was stopped or changed."),
            Map.entry("reason", "Why the patient's data must be erased."),
            Map.entry("gestationalWeeksAtConfirmation", "Completed weeks of gestation when the pregnancy was"
                    + " confirmed."),
            Map.entry("estimatedDueDate", "Estimated date of delivery (YYYY-MM-DD)."),
            Map.entry("symptomOnsetDate", "When the symptoms (e.g. back pain) began (YYYY-MM-DD)."));

    private static final Map<EventType, EventLayout> LAYOUTS = new EnumMap<>(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            LAYOUTS.put(type, new EventLayout(type));
        }
    }

    private final EventType type;
    private final List<Column> columns = new ArrayList<>();
    /** Column name → how to place its value in the JSON shape of the event. */
    private final Map<String, Placement> placements = new LinkedHashMap<>();

    private sealed interface Placement permits Top, Nested, Measurement {
    }

    private record Top(String field) implements Placement {
    }

    private record Nested(String field, String subField) implements Placement {
    }

    private record Measurement(DxaSite site, String subField) implements Placement {
    }

    private EventLayout(EventType type) {
        this.type = type;
        for (Schema.Field field : type.schema().getFields()) {
            Schema schema = nonNull(field.schema());
            boolean required = !field.hasDefaultValue() && field.schema().getType() != Schema.Type.UNION;
            if (schema.getType() == Schema.Type.RECORD) {
                for (Schema.Field sub : schema.getFields()) {
                    String name = field.name() + capitalise(sub.name());
                    add(new Column(name, hint(sub.schema()), doc(sub, field.name() + " " + sub.name()), false,
                            candidates(sub.schema())), new Nested(field.name(), sub.name()));
                }
            } else if (schema.getType() == Schema.Type.ARRAY
                    && schema.getElementType().getFullName().equals(SiteMeasurement.getClassSchema().getFullName())) {
                for (DxaSite site : DxaSite.values()) {
                    if (site == DxaSite.UNKNOWN) {
                        continue;
                    }
                    String prefix = camel(site.name());
                    add(new Column(prefix + "Bmd", "G_PER_CM2", "BMD at " + site + " in g/cm²", false, List.of()),
                            new Measurement(site, "bmdGramsPerCm2"));
                    add(new Column(prefix + "T", "SCORE", "T-score at " + site, false, List.of()),
                            new Measurement(site, "tScore"));
                    add(new Column(prefix + "Z", "SCORE", "Z-score at " + site, false, List.of()),
                            new Measurement(site, "zScore"));
                    add(new Column(prefix + "Region", "TEXT", "region label at " + site
                            + " as reported, e.g. L1-L4 or L1-L3", false, List.of()),
                            new Measurement(site, "region"));
                }
            } else {
                add(new Column(field.name(), hint(field.schema()), doc(field, field.name()), required,
                        candidates(schema.getType() == Schema.Type.ARRAY ? schema.getElementType() : schema)),
                        new Top(field.name()));
            }
        }
    }

    /** The layout of {@code type}. */
    public static EventLayout of(EventType type) {
        return LAYOUTS.get(type);
    }

    public EventType type() {
        return type;
    }

    public List<Column> columns() {
        return List.copyOf(columns);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Puts flat column values into the JSON shape of the event, ready for {@link JsonEventMapper}. Blank values are
     * left out. Names that are not columns of this layout are refused ({@link IllegalArgumentException}).
     */
    public ObjectNode toJson(Map<String, String> values) {
        ObjectNode event = JSON.objectNode();
        Map<DxaSite, ObjectNode> measurements = new EnumMap<>(DxaSite.class);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Placement placement = placements.get(entry.getKey());
            if (placement == null) {
                throw new IllegalArgumentException("'" + entry.getKey() + "' is not a column of " + type.cliName());
            }
            String value = entry.getValue();
            if (value == null || value.isBlank()) {
                continue;
            }
            if (placement instanceof Top top) {
                event.put(top.field(), value.trim());
            } else if (placement instanceof Nested nested) {
                ObjectNode parent = event.has(nested.field()) ? (ObjectNode) event.get(nested.field())
                        : event.putObject(nested.field());
                parent.put(nested.subField(), value.trim());
            } else if (placement instanceof Measurement m) {
                measurements.computeIfAbsent(m.site(), s -> JSON.objectNode().put("site", s.name()))
                        .put(m.subField(), value.trim());
            }
        }
        // A nested record whose sub-fields all have defaults (the DXA device) is present even when no column is set.
        for (Placement placement : placements.values()) {
            if (placement instanceof Nested nested && !event.has(nested.field())) {
                event.putObject(nested.field());
            }
        }
        if (placements.values().stream().anyMatch(p -> p instanceof Measurement)) {
            ArrayNode array = event.putArray("measurements");
            measurements.values().forEach(array::add);
        }
        return event;
    }

    /**
     * The column behind a field path of the JSON shape, for error messages about CSV rows and options:
     * {@code measurements[1].zScore} of a row becomes {@code femoralNeckZ} when the row's second measured site is
     * the femoral neck. Paths without a column of their own are returned unchanged.
     */
    public String columnFor(String path, ObjectNode json) {
        Matcher m = MEASUREMENT_PATH.matcher(path);
        if (m.matches() && json.has("measurements")) {
            int index = Integer.parseInt(m.group(1));
            ArrayNode array = (ArrayNode) json.get("measurements");
            if (index < array.size() && array.get(index).has("site")) {
                String prefix = camel(array.get(index).get("site").asText());
                String suffix = MEASUREMENT_SUFFIX.get(m.group(2));
                return suffix == null ? prefix + "*" : prefix + suffix;
            }
            return path;
        }
        int dot = path.indexOf('.');
        if (dot > 0 && !path.contains("[")) {
            String candidate = path.substring(0, dot) + capitalise(path.substring(dot + 1));
            if (placements.containsKey(candidate)) {
                return candidate;
            }
        }
        int bracket = path.indexOf('[');
        if (bracket > 0 && placements.containsKey(path.substring(0, bracket))) {
            return path.substring(0, bracket) + " (entry " + (entryIndex(path, bracket) + 1) + ")";
        }
        return path;
    }

    private static int entryIndex(String path, int bracket) {
        int close = path.indexOf(']', bracket);
        try {
            return Integer.parseInt(path.substring(bracket + 1, close));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void add(Column column, Placement placement) {
        columns.add(column);
        placements.put(column.name(), placement);
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElse(schema);
    }

    private static String hint(Schema fieldSchema) {
        Schema schema = nonNull(fieldSchema);
        if (schema.getLogicalType() instanceof LogicalTypes.Date) {
            return "DATE";
        }
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return "INSTANT";
        }
        return switch (schema.getType()) {
            case INT, LONG -> "INT";
            case DOUBLE, FLOAT -> "NUMBER";
            case BOOLEAN -> "BOOLEAN";
            case ENUM -> schema.getName().toUpperCase(java.util.Locale.ROOT);
            case ARRAY -> schema.getElementType().getFullName().equals(FractureSite.getClassSchema().getFullName())
                    ? "SITE[;SITE...]" : schema.getElementType().getName().toUpperCase(java.util.Locale.ROOT)
                    + "[;...]";
            default -> "TEXT";
        };
    }

    private static List<String> candidates(Schema fieldSchema) {
        Schema schema = nonNull(fieldSchema);
        return schema.getType() == Schema.Type.ENUM ? JsonEventMapper.knownSymbols(schema) : List.of();
    }

    private static String doc(Schema.Field field, String fallback) {
        if (field.doc() == null && COMMON_DOCS.containsKey(field.name())) {
            return COMMON_DOCS.get(field.name());
        }
        if (field.schema().getType() == Schema.Type.ARRAY && field.schema().getElementType().getFullName()
                .equals(FractureSite.getClassSchema().getFullName())) {
            return "fracture sites separated by ';', each LEVEL_OR_REGION[:MORPHOLOGY[:GRADE]], e.g. T12:WEDGE:2;L2;WRIST";
        }
        return field.doc() != null ? field.doc() : fallback + ".";
    }

    /** {@code LUMBAR_SPINE} → {@code lumbarSpine}, {@code DISTAL_RADIUS_33} → {@code distalRadius33}. */
    static String camel(String symbol) {
        StringBuilder out = new StringBuilder();
        String[] words = symbol.toLowerCase(java.util.Locale.ROOT).split("_");
        out.append(words[0]);
        Arrays.stream(words).skip(1).forEach(w -> out.append(capitalise(w)));
        return out.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
