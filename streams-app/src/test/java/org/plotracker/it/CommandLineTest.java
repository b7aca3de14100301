package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.PloTrackerApp;
import org.plotracker.contracts.Topics;
import org.plotracker.testsupport.EmbeddedStackExtension;
import picocli.CommandLine;

/**
 * The app's commands as a user runs them: {@code demo} twice on one data directory (its own embedded broker and
 * registry; the second run repeats no alert), and {@code run} against an external cluster whose topics do not fit.
 */
class CommandLineTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

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
    void demoPrintsTheReportAndASecondRunRepeatsNoAlert() {
        String[] demo = {"demo", "--verbose", "--data-dir", dataDir.toString(), "--broker-port", "0",
                "--registry-port", "0"};

        Result first = run(demo);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Embedded Kafka broker:", "Embedded schema registry: http://127.0.0.1:")
                .contains("BMD changes between DXA scans")
                .contains("PLO-SRC-01  LUMBAR_SPINE  2023-04-12 -> 2023-12-12     8.0   -2.6 -> -2.4  +0.2")
                .contains("Cohort summary")
                .contains("Follow-up as of 2025-06-30T00:00:00Z")
                .contains("Fracture-liaison KPIs")
                .contains("PLO-SRC-01  MONITORING_DXA@2023-12-12      2024-12-12  200")
                .contains("2023-04  source-case-series  2/2           2/2                1/2");
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

    @Test
    void runAgainstAClusterWithoutTheTrackersTopicsSaysWhichAreMissing() throws Exception {
        try (Admin admin = STACK.adminClient()) {
            admin.deleteTopics(List.of(Topics.COHORT_SUMMARY.name())).all().get(30, TimeUnit.SECONDS);
            EmbeddedStackExtension.waitUntil(() -> {
                try {
                    return !admin.listTopics().names().get(10, TimeUnit.SECONDS)
                            .contains(Topics.COHORT_SUMMARY.name());
                } catch (Exception e) {
                    return false;
                }
            }, java.time.Duration.ofSeconds(30), "the topic to be deleted");
        }

        Result result = run("run", "--bootstrap-servers", STACK.bootstrapServers(), "--schema-registry-url",
                STACK.schemaRegistryUrl(), "--state-dir", dataDir.resolve("state").toString());

        assertThat(result.code()).isEqualTo(PloTrackerApp.FAILED);
        assertThat(result.err()).contains("do not match what the tracker needs")
                .contains("missing topics [" + Topics.COHORT_SUMMARY.name() + "]");
    }
}
