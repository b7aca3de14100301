package org.plotracker.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plo-tracker run}: the tracker until SIGINT/SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the tracker topology against a Kafka cluster, or against the embedded broker and "
                + "registry when no cluster is given. Stops cleanly on Ctrl-C / SIGTERM.",
                "Environment: PLO_BOOTSTRAP_SERVERS, PLO_SCHEMA_REGISTRY_URL, PLO_DATA_DIR, ..., and PLO_KAFKA_<NAME>"
                        + " for any Kafka setting (see plo-tracker settings --markdown)."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long the topology may take to start (join the group, restore state). Default: "
                    + "${DEFAULT-VALUE}.")
    int startTimeoutSeconds;

    private final Map<String, String> environment;

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AppConfig config = cluster.resolve(environment);
        Duration startTimeout = Duration.ofSeconds(startTimeoutSeconds);
        try (ForegroundTracker tracker = ForegroundTracker.start(config, out, startTimeout)) {
            out.printf("plo-tracker is running (application.id %s, started in %.1f s). Stop with Ctrl-C.%n",
                    config.applicationId(), tracker.service().startupTime().toMillis() / 1000.0);
            out.flush();
            if (tracker.serveUntilStopped(spec.commandLine().getErr()) != 0) {
                return PloTrackerApp.FAILED;
            }
        }
        out.println("plo-tracker stopped.");
        out.flush();
        return 0;
    }
}
