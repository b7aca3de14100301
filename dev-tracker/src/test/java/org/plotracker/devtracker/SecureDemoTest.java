package org.plotracker.devtracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.PloTrackerApp;
import picocli.CommandLine;

/**
 * {@code ./demo --secure}: the embedded stack with TLS, a SCRAM user and ACLs per role and an authenticated HTTPS
 * registry; the tracker, the clinic's publisher and the care team's and analyst's report each under their own
 * principal give the same report as the plain demo.
 */
@Tag("integration")
class SecureDemoTest {

    @TempDir
    Path dataDir;

    @Test
    void theSecuredDemoPrintsTheSameReportWithEveryComponentUnderItsOwnPrincipal() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PloTrackerApp.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("demo", "--secure", "--data-dir", dataDir.toString(), "--broker-port", "0",
                "--registry-port", "0");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("Embedded schema registry: https://127.0.0.1:")
                .contains("Secured: TLS, a principal per role, ACLs; client settings per role in")
                .contains("PLO-SRC-01  LUMBAR_SPINE  2023-04-12 -> 2023-12-12     8.0   -2.6 -> -2.4  +0.2")
                .contains("Cohort summary");
        assertThat(out.toString().lines().filter(l -> l.contains("alert(s) on the alert topics")).findFirst())
                .get().asString().matches("[1-9]\\d* alert\\(s\\) on the alert topics .*duplicates: 0\\)");
        for (String role : new String[] {"clinic", "care-team", "analyst", "tracker"}) {
            Path settings = dataDir.resolve("secure").resolve(role + ".properties");
            assertThat(Files.readString(settings)).contains("security.protocol=SASL_SSL")
                    .contains("sasl.mechanism=SCRAM-SHA-512").contains("basic.auth.user.info=plo-" + role);
            assertThat(Files.getPosixFilePermissions(settings)).hasSize(2); // owner read and write only
        }
    }
}
