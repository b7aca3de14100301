package org.plotracker.app;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plo-tracker settings}: the settings table with defaults, or the effective values after layering. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = {"Print every app setting with its default, file key, environment variable and flag (--markdown),",
                "or the effective configuration after the file, environment and flags are applied (secrets masked)."})
public final class SettingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--markdown", description = "Print the defaults table as Markdown (docs/configuration.md).")
    boolean markdown;

    private final Map<String, String> environment;

    SettingsCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            out.println("| file key | environment variable | flag | default | meaning |");
            out.println("|---|---|---|---|---|");
            Setting.markdownRows().forEach(out::println);
            out.println();
            out.println("Any other key of the `--config` file, any `PLO_KAFKA_<NAME>` variable (`_` -> `.`, `__` -> `_`,"
                    + " `___` -> `-`, lower-cased) and any `-D key=value` flag passes through to the Kafka clients,"
                    + " Kafka Streams and the registry serde. Precedence: defaults < file < environment < flags.");
            out.println();
            out.println("Kafka Streams settings set by the app (each can be overridden the same way):");
            out.println();
            out.println("| setting | value |");
            out.println("|---|---|");
            StreamsSettings.appDefaults().forEach((k, v) -> out.println("| `" + k + "` | `" + v + "` |"));
            out.flush();
            return 0;
        }
        AppConfig config = cluster.resolve(environment);
        out.println("# effective settings (defaults < " + cluster.configFile().map(Object::toString).orElse("no file")
                + " < environment < flags)");
        out.println("# cluster: " + (config.embedded() ? "embedded (started on demand)" : config.bootstrapServers()
                .orElseThrow()));
        config.describe().forEach((k, v) -> out.println(k + "=" + v));
        out.println("# Kafka Streams settings of the tracker (overridable):");
        StreamsSettings.appDefaults().forEach((k, v) -> {
            if (config.value(k).isEmpty()) {
                out.println(k + "=" + v);
            }
        });
        out.flush();
        return 0;
    }
}
