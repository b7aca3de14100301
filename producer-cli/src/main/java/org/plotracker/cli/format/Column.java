package org.plotracker.cli.format;

import java.util.List;

/**
 * One column of an event type's flat layout: a CSV header and, in kebab case, a {@code publish} option.
 *
 * @param name        CSV header, e.g. {@code lumbarSpineZ}
 * @param valueHint   what the value looks like, e.g. {@code DATE}, {@code NUMBER}, {@code T12:WEDGE:2;L2}
 * @param description what the field means (from the Avro schema's documentation where it has one)
 * @param required    whether every row must have a value
 * @param candidates  allowed values of an enum column, empty otherwise
 */
public record Column(String name, String valueHint, String description, boolean required, List<String> candidates) {

    public Column {
        candidates = List.copyOf(candidates);
    }

    /** The command-line option of this column: {@code lumbarSpineZ} becomes {@code --lumbar-spine-z}. */
    public String optionName() {
        StringBuilder option = new StringBuilder("--");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) || (Character.isDigit(c) && i > 0 && !Character.isDigit(name.charAt(i - 1)))) {
                option.append('-');
            }
            option.append(Character.toLowerCase(c));
        }
        return option.toString();
    }
}
