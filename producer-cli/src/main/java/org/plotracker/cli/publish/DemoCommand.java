package org.plotracker.cli.publish;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.cli.ExitCode;
import org.plotracker.cli.format.RecordJson;
import org.plotracker.contracts.demo.SourceCases;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plo demo}: the six cases of the source case series, published as a clinic would have recorded them. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Publish the six source cases of the PLO case series.",
        description = {
            "Publish the six source cases of the case series (deliveries, fractures, DXA scans before and after"
                    + " treatment, treatment starts and changes, case 4's second pregnancy) in one Kafka transaction.",
            "Event ids are fixed: publishing the cohort again is a duplicate the tracker ignores."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-n", "--dry-run"}, description = "Print the events as JSON Lines (an import file); send nothing.")
    boolean dryRun;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<SpecificRecord> events = SourceCases.events();
        if (dryRun) {
            events.forEach(e -> out.println(RecordJson.toJsonLine(e)));
            out.flush();
            return ExitCode.OK;
        }
        var result = Publishing.publish(connection, "plo-cli-demo", events, null, null);
        out.printf(Locale.ROOT, "Published the demo cohort: %d events for patients %s in one transaction (%d ms).%n",
                result.published(), SourceCases.patientIds(), result.elapsed().toMillis());
        result.perTopic().forEach((topic, count) -> out.printf(Locale.ROOT, "  %-28s %3d%n", topic, count));
        out.flush();
        return ExitCode.OK;
    }
}
