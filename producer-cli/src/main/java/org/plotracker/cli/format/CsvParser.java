package org.plotracker.cli.format;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, a doubled quote inside quotes
 * is a quote, quoted fields may span lines, CRLF or LF line ends, a UTF-8 byte-order mark is skipped. Each row knows
 * the line it starts on, so errors can name it.
 */
public final class CsvParser {

    /** One row and the (1-based) line of the file it starts on. */
    public record Row(int line, List<String> values) {
    }

    /** The file is not well-formed CSV at {@code line} (e.g. an unterminated quote). */
    public static final class MalformedCsvException extends IOException {
        private final int line;

        public MalformedCsvException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private final Reader reader;
    private int line = 1;
    private int pushedBack = -2;
    private boolean started;

    public CsvParser(Reader reader) {
        this.reader = reader;
    }

    /** The next row, or null at the end of the input. Blank lines are skipped. */
    public Row next() throws IOException {
        while (true) {
            int startLine = line;
            List<String> values = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean afterQuote = false;
            boolean any = false;
            int c;
            while (true) {
                c = read();
                if (c == -1) {
                    if (quoted) {
                        throw new MalformedCsvException(startLine, "a quoted value is not closed before the end of"
                                + " the file");
                    }
                    break;
                }
                any = true;
                if (quoted) {
                    if (c == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            unread(n);
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c == ',') {
                    values.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                    line++;
                    break;
                } else if (c == '\n') {
                    line++;
                    break;
                } else if (c == '"' && field.isEmpty() && !afterQuote) {
                    quoted = true;
                } else if (afterQuote) {
                    if (c != ' ' && c != '\t') {
                        throw new MalformedCsvException(line, "unexpected '" + (char) c + "' after a closing quote");
                    }
                } else {
                    field.append((char) c);
                }
            }
            if (!any && c == -1) {
                return null;
            }
            values.add(field.toString());
            boolean blank = values.size() == 1 && values.get(0).isBlank();
            if (!blank) {
                return new Row(startLine, List.copyOf(values));
            }
            if (c == -1) {
                return null;
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = reader.read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = reader.read();
            }
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
