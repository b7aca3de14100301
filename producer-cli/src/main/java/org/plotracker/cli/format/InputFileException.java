package org.plotracker.cli.format;

/** The input file as a whole cannot be read (unknown CSV columns, no event type, malformed CSV). */
public final class InputFileException extends Exception {

    public InputFileException(String message) {
        super(message);
    }
}
