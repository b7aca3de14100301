package org.plotracker.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.plotracker.contracts.validation.Violation;

/**
 * Reads a whole JSON Lines or CSV file into events, every line checked: what cannot be read and what breaks the
 * contract are both reported per line, and an event id used twice in one file is reported on its second line.
 */
public final class EventFileReader {

    private static final String TYPE_COLUMN = "type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventDecoder decoder;

    public EventFileReader(EventDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Reads every event of {@code file}.
     *
     * @param defaultType type of lines that name none (JSON Lines without {@code type}, CSV without a type column);
     *                    null to require one
     * @param linesRead   told the current line number now and then, for progress display
     * @throws InputFileException when the file as a whole is unusable
     */
    public List<InputLine> read(Path file, FileFormat format, EventType defaultType, IntConsumer linesRead)
            throws IOException, InputFileException {
        List<InputLine> lines = switch (format) {
            case JSONL -> readJsonLines(file, defaultType, linesRead);
            case CSV -> readCsv(file, defaultType, linesRead);
        };
        return markRepeatedEventIds(lines);
    }

    /** Counts the lines of a file (for progress display); cheap compared with reading it. */
    public static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private List<InputLine> readJsonLines(Path file, EventType defaultType, IntConsumer linesRead)
            throws IOException {
        List<InputLine> result = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (!text.isBlank()) {
                    result.add(jsonLine(number, text, defaultType));
                }
                if ((number & 255) == 0) {
                    linesRead.accept(number);
                }
            }
            linesRead.accept(number);
        }
        return result;
    }

    private InputLine jsonLine(int number, String text, EventType defaultType) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return problem(number, text, null, "json", "not valid JSON: " + e.getOriginalMessage()
                    .replaceAll("\\s+", " "));
        }
        if (!(node instanceof ObjectNode object)) {
            return problem(number, text, null, "json", "each line must be one JSON object");
        }
        EventType type;
        JsonNode typeNode = object.get(JsonEventMapper.TYPE_FIELD);
        if (typeNode == null || typeNode.isNull()) {
            if (defaultType == null) {
                return problem(number, text, null, JsonEventMapper.TYPE_FIELD, "is required, one of "
                        + EventType.cliNames());
            }
            type = defaultType;
        } else {
            type = EventType.parse(typeNode.asText()).orElse(null);
            if (type == null) {
                return problem(number, text, null, JsonEventMapper.TYPE_FIELD, "'" + typeNode.asText()
                        + "' is not one of " + EventType.cliNames());
            }
        }
        EventDecoder.Decoded decoded = decoder.decode(type, object);
        return new InputLine(number, text, type, decoded.valid() ? decoded.event() : null, decoded.problems());
    }

    private List<InputLine> readCsv(Path file, EventType defaultType, IntConsumer linesRead)
            throws IOException, InputFileException {
        List<InputLine> result = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvParser parser = new CsvParser(reader);
            CsvParser.Row header;
            try {
                header = parser.next();
            } catch (CsvParser.MalformedCsvException e) {
                throw new InputFileException(e.getMessage());
            }
            if (header == null) {
                return result;
            }
            List<String> columns = header.values().stream().map(String::trim).toList();
            checkHeader(columns, defaultType);
            int typeIndex = columns.indexOf(TYPE_COLUMN);
            int rows = 0;
            while (true) {
                CsvParser.Row row;
                try {
                    row = parser.next();
                } catch (CsvParser.MalformedCsvException e) {
                    result.add(problem(e.line(), "", null, "row", e.getMessage().replaceFirst("^line \\d+: ", "")));
                    break;
                }
                if (row == null) {
                    break;
                }
                result.add(csvRow(row, columns, typeIndex, defaultType));
                if ((++rows & 255) == 0) {
                    linesRead.accept(row.line());
                }
            }
            linesRead.accept(Integer.MAX_VALUE);
        }
        return result;
    }

    private static void checkHeader(List<String> columns, EventType defaultType) throws InputFileException {
        boolean typed = columns.contains(TYPE_COLUMN);
        if (!typed && defaultType == null) {
            throw new InputFileException("line 1: the CSV has no '" + TYPE_COLUMN + "' column; give the event type"
                    + " with --type (one of " + EventType.cliNames() + ")");
        }
        Set<String> allowed = new HashSet<>();
        if (typed) {
            allowed.add(TYPE_COLUMN);
            for (EventType type : EventType.values()) {
                EventLayout.of(type).columns().forEach(c -> allowed.add(c.name()));
            }
        } else {
            EventLayout.of(defaultType).columns().forEach(c -> allowed.add(c.name()));
        }
        List<String> unknown = columns.stream().filter(c -> !allowed.contains(c)).toList();
        Set<String> seen = new HashSet<>();
        List<String> repeated = columns.stream().filter(c -> !seen.add(c)).distinct().toList();
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("unknown column(s) " + unknown + (typed ? "" : " for " + defaultType.cliName()
                    + " (see 'plo import --help' or 'plo layout " + defaultType.cliName() + "')"));
        }
        if (!repeated.isEmpty()) {
            problems.add("column(s) " + repeated + " appear more than once");
        }
        if (!problems.isEmpty()) {
            throw new InputFileException("line 1: " + String.join("; ", problems));
        }
    }

    private InputLine csvRow(CsvParser.Row row, List<String> columns, int typeIndex, EventType defaultType) {
        String raw = row.values().stream().map(EventFileReader::csvQuote).collect(Collectors.joining(","));
        if (row.values().size() != columns.size()) {
            return problem(row.line(), raw, null, "row", "has " + row.values().size() + " values, the header has "
                    + columns.size());
        }
        EventType type = defaultType;
        if (typeIndex >= 0 && !row.values().get(typeIndex).isBlank()) {
            type = EventType.parse(row.values().get(typeIndex)).orElse(null);
            if (type == null) {
                return problem(row.line(), raw, null, TYPE_COLUMN, "'" + row.values().get(typeIndex)
                        + "' is not one of " + EventType.cliNames());
            }
        }
        if (type == null) {
            return problem(row.line(), raw, null, TYPE_COLUMN, "is required, one of " + EventType.cliNames());
        }
        EventLayout layout = EventLayout.of(type);
        Map<String, String> values = new LinkedHashMap<>();
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String value = row.values().get(i);
            if (i == typeIndex || value.isBlank()) {
                continue;
            }
            if (layout.column(column).isEmpty()) {
                problems.add(new Violation(column, "is not a column of " + type.cliName() + "; leave it empty"));
            } else {
                values.put(column, value);
            }
        }
        ObjectNode json = layout.toJson(values);
        EventDecoder.Decoded decoded = decoder.decode(type, json);
        for (Violation v : decoded.problems()) {
            problems.add(new Violation(layout.columnFor(v.field(), json), v.reason()));
        }
        return new InputLine(row.line(), raw, type, problems.isEmpty() ? decoded.event() : null, problems);
    }

    private static List<InputLine> markRepeatedEventIds(List<InputLine> lines) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<InputLine> checked = new ArrayList<>(lines.size());
        for (InputLine line : lines) {
            if (line.event() != null) {
                Object id = line.event().get(line.event().getSchema().getField("eventId").pos());
                Integer earlier = firstLine.putIfAbsent(String.valueOf(id), line.line());
                if (earlier != null) {
                    checked.add(line.withProblem(new Violation("eventId", "'" + id + "' is already used on line "
                            + earlier + " of this file")));
                    continue;
                }
            }
            checked.add(line);
        }
        return checked;
    }

    private static InputLine problem(int line, String raw, EventType type, String field, String reason) {
        return new InputLine(line, raw, type, null, List.of(new Violation(field, reason)));
    }

    static String csvQuote(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
