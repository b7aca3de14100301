package org.plotracker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes a SpecificRecord as plain JSON in the shape {@link JsonEventMapper} reads: dates as {@code YYYY-MM-DD},
 * times as ISO-8601 instants, enums by symbol, absent optional values left out.
 */
public final class RecordJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RecordJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        ObjectNode node = JSON.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value != null) {
                node.set(field.name(), value(value));
            }
        }
        return node;
    }

    /** The event as one JSON Lines line, with its {@code type}. */
    public static ObjectNode toJsonLine(SpecificRecord event) {
        EventType type = EventType.of(event).orElseThrow(() -> new IllegalArgumentException(
                event.getSchema().getFullName() + " is not a publishable event type"));
        ObjectNode line = JSON.objectNode().put(JsonEventMapper.TYPE_FIELD, type.cliName());
        line.setAll(toJson(event));
        return line;
    }

    private static JsonNode value(Object value) {
        if (value instanceof IndexedRecord record) {
            return toJson(record);
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = JSON.arrayNode();
            list.forEach(item -> array.add(item == null ? JSON.nullNode() : value(item)));
            return array;
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (value instanceof Float f) {
            return JSON.numberNode(f);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof LocalDate || value instanceof Instant) {
            return JSON.textNode(value.toString());
        }
        return JSON.textNode(value.toString());
    }
}
