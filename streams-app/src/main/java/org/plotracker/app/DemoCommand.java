package org.plotracker.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.app.report.CareTeamReport;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.Topics;
import org.plotracker.topology.TrackerTopology;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.publish.EventPublisher;
import org.plotracker.publish.PublishResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code plo-tracker demo}: the whole system in one command. Starts the embedded stack (or uses the given cluster)
 * and the tracker, publishes the six source cases through the real producer path, waits until the tracker has
 * committed everything, and prints what a care team and an analyst would look at, read back from the output topics.
 * A second run re-publishes the same events (same ids): the tracker recognises them and no alert is repeated.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the six source cases of the case series through the tracker and print the BMD changes "
                + "(Table 1), the alerts with their reasons, and the cohort summary.",
                "Uses the embedded broker and registry unless a cluster is given; data in --data-dir survives, so a "
                        + "second run is faster and repeats no alert."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--keep-running", description = "Keep the broker, registry and tracker running after the report"
            + " (stop with Ctrl-C).")
    boolean keepRunning;

    @Option(names = "--verbose", description = "Log what the tracker does (stderr); by default the demo prints only "
            + "its progress and the report. PLO_LOG_LEVEL has the same effect.")
    boolean verbose;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long starting and processing may take. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    private final Map<String, String> environment;

    DemoCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long began = System.nanoTime();
        if (!verbose && environment.get("PLO_LOG_LEVEL") == null) {
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.plotracker",
                    org.apache.logging.log4j.Level.WARN);
        }
        AppConfig config = cluster.resolve(environment);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (ForegroundTracker tracker = ForegroundTracker.start(config, out, timeout)) {
            TrackerService service = tracker.service();
            out.printf("Tracker running after %.1f s.%n", service.startupTime().toMillis() / 1000.0);

            List<SpecificRecord> events = SourceCases.events();
            PublishResult published = publish(service.cluster(), events);
            out.printf("Published %d events of %d patients (the six source cases of the case series) in one "
                    + "transaction in %.1f s; waiting for the tracker to process them...%n", published.published(),
                    SourceCases.patientIds().size(), published.elapsed().toMillis() / 1000.0);
            out.flush();

            try (ProcessingProgress progress = new ProcessingProgress(service.cluster().clientProperties(),
                    config.applicationId(), Topics.INPUTS.stream().map(t -> t.name()).toList())) {
                progress.awaitCaughtUp(timeout, service.streams()::isHealthy);
            }
            if (!TrackerTopology.awaitAlertsSettled(service.streams().kafkaStreams(), timeout)) {
                spec.commandLine().getErr().println("plo-tracker: alerts still pending after " + timeout.toSeconds()
                        + " s; the report may be incomplete");
            }
            TrackerOutputs outputs = new TrackerOutputTopics(service.cluster().clientProperties(), timeout).readAll();
            out.println();
            out.print(CareTeamReport.render(outputs));
            out.println();
            out.printf("Demo finished in %.1f s (outputs read back with read_committed from %s, %s, %s, %s).%n",
                    (System.nanoTime() - began) / 1e9, Topics.BMD_CHANGE, Topics.BMD_CHANGE_ALERTS,
                    Topics.RECURRENCE_RISK_ALERTS, Topics.COHORT_SUMMARY);
            out.flush();
            if (keepRunning) {
                out.println("Care-team workspace: " + service.workspace().url() + " (worklist); source case 5's page: "
                        + service.workspace().url() + "patient.html?id=" + SourceCases.patientId(5));
                out.println("Still serving (--keep-running); stop with Ctrl-C.");
                out.flush();
                return tracker.serveUntilStopped(spec.commandLine().getErr());
            }
        }
        return 0;
    }

    private static PublishResult publish(TrackerCluster cluster, List<SpecificRecord> events) {
        Map<String, Object> settings = new HashMap<>(cluster.clientProperties());
        settings.put("transactional.id", "plo-demo-publisher");
        try (EventPublisher publisher = new EventPublisher(settings)) {
            return publisher.publishAll(events);
        }
    }
}
