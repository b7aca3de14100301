package org.plotracker.devtracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.EmbeddedCluster;
import org.plotracker.app.PloTrackerApp;
import picocli.CommandLine;

/**
 * The development launcher as a user runs it ({@code ./demo}): {@code demo} without a cluster starts its own
 * embedded broker and registry, twice on one data directory; the second run repeats no alert.
 */
@Tag("integration")
class DemoWithEmbeddedStackTest {

    @TempDir
    Path dataDir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PloTrackerApp.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theLauncherRegistersTheEmbeddedStack() {
        assertThat(EmbeddedCluster.starter()).get().isInstanceOf(EmbeddedStackStarter.class);
    }

    @Test
    void demoPrintsTheReportAndASecondRunRepeatsNoAlert() {
        String[] demo = {"demo", "--verbose", "--data-dir", dataDir.toString(), "--broker-port", "0",
                "--registry-port", "0"};

        Result first = run(demo);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Embedded Kafka broker:", "Embedded schema registry: http://127.0.0.1:")
                .contains("BMD changes between DXA scans")
                .contains("PLO-SRC-01  LUMBAR_SPINE  2023-04-12 -> 2023-12-12     8.0   -2.6 -> -2.4  +0.2")
                .contains("Cohort summary");
        String alertLine = alertLine(first.out());
        assertThat(alertLine).as("the first run raises alerts, none twice").matches("[1-9]\\d* alert\\(s\\) on the "
                + "alert topics \\(([1-9]\\d*) record\\(s\\) read; duplicates: 0\\)");

        Result second = run(demo);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(alertLine(second.out())).as("the second run re-publishes the same events: no alert again")
                .isEqualTo(alertLine);
    }

    private static String alertLine(String report) {
        return report.lines().filter(line -> line.contains("alert(s) on the alert topics")).findFirst()
                .orElseThrow(() -> new AssertionError("no alert summary in:\n" + report));
    }
}
