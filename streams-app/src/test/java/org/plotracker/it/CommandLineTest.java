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
 * The production app's commands as a user runs them: without a cluster it names the development launcher (it carries
 * no broker; the embedded demo is tested in dev-tracker), and {@code run} against an external cluster whose topics do
 * not fit.
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
    void withoutAClusterTheProductionBuildNamesTheDevelopmentLauncher() {
        Result result = run("demo", "--data-dir", dataDir.toString());

        assertThat(result.code()).isEqualTo(PloTrackerApp.USAGE);
        assertThat(result.err()).contains("no Kafka cluster given (--bootstrap-servers")
                .contains("carries no embedded broker").contains("bin/plo-tracker or ./demo");
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
