package org.plotracker.cli.format;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The input file formats of {@code import}. */
public enum FileFormat {
    /** One JSON object per line with a {@code type} field. Extensions .jsonl, .ndjson, .json. */
    JSONL,
    /** A header row naming the columns of one event type's layout (or a {@code type} column). Extension .csv. */
    CSV;

    /** The format implied by the file name's extension, if it implies one. */
    public static Optional<FileFormat> fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
