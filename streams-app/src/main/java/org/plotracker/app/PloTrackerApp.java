package org.plotracker.app;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streams app's entry point.
 *
 * <pre>
 * plo-tracker run      [cluster options]                 the tracker against a cluster, or the embedded default
 * plo-tracker demo     [cluster options] [--keep-running] the six source cases end to end, then a report
 * plo-tracker settings [--markdown]                       every setting with its default, or the effective values
 * plo-tracker acls     --print | --markdown | --apply      the Kafka ACLs of the four roles (docs/security.md)
 * plo-tracker schemas  --register                         the release step: register the released schemas
 * </pre>
 * Exit codes: 0 done, 1 failed while running (the message says what), 2 wrong usage or configuration.
 */
@Command(name = "plo-tracker", mixinStandardHelpOptions = true, versionProvider = PloTrackerApp.Version.class,
        description = {"Follows women with pregnancy- and lactation-associated osteoporosis (PLO) through Kafka "
                + "Streams: BMD changes judged against the least significant change, recurrence-risk alerts, "
                + "cohort summaries.",
                "Without --bootstrap-servers it starts an embedded Kafka broker and schema registry on 127.0.0.1."},
        subcommands = {RunCommand.class, DemoCommand.class, SettingsCommand.class, AclsCommand.class, SchemasCommand.class,
            CommandLine.HelpCommand.class})
public final class PloTrackerApp {

    /** Exit code for a failure while running. */
    public static final int FAILED = 1;
    /** Exit code for wrong usage or configuration. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        int code = commandLine(System.getenv()).execute(args);
        System.exit(code);
    }

    /** The command line with every subcommand, reading settings from {@code environment}. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == RunCommand.class) {
                    return type.cast(new RunCommand(environment));
                }
                if (type == DemoCommand.class) {
                    return type.cast(new DemoCommand(environment));
                }
                if (type == SettingsCommand.class) {
                    return type.cast(new SettingsCommand(environment));
                }
                if (type == AclsCommand.class) {
                    return type.cast(new AclsCommand(environment));
                }
                if (type == SchemasCommand.class) {
                    return type.cast(new SchemasCommand(environment));
                }
                return defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new PloTrackerApp(), factory);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof AppConfig.InvalidConfigurationException) {
                cmd.getErr().println("Configuration error: " + exception.getMessage());
                cmd.getErr().println("See: plo-tracker settings --markdown");
                return USAGE;
            }
            if (exception instanceof org.plotracker.infrastructure.kafka.TopicProvisioner.TopicLayoutException) {
                cmd.getErr().println("The cluster's topics do not match what the tracker needs:");
                cmd.getErr().println(exception.getMessage());
                return FAILED;
            }
            cmd.getErr().println("plo-tracker failed: " + rootMessage(exception));
            return FAILED;
        });
        return commandLine;
    }

    static String rootMessage(Throwable exception) {
        Throwable t = exception;
        String message = t.toString();
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        return message;
    }

    /** The version from the jar manifest, when packaged. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PloTrackerApp.class.getPackage().getImplementationVersion();
            return new String[] {"plo-tracker " + (version == null ? "(development build)" : version)};
        }
    }
}
