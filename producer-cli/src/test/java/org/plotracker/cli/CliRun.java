package org.plotracker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs {@code plo} in this JVM and captures what it printed. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = PloCli.execute(args, o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command {@code args} followed by the {@code options} (connection options go after the command). */
    public static String[] args(List<String> options, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    public List<String> errLines() {
        return err.isBlank() ? List.of() : List.of(err.strip().split("\\R"));
    }

    public List<String> outLines() {
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
