package org.plotracker.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.plotracker.cli.alerts.AlertsCommand;
import org.plotracker.cli.publish.DemoCommand;
import org.plotracker.cli.publish.ImportCommand;
import org.plotracker.cli.publish.LayoutCommand;
import org.plotracker.cli.publish.PublishCommand;
import org.plotracker.cli.worklist.WorklistCommand;
import org.plotracker.publish.PublishException;
import org.plotracker.serde.registry.SchemaRegistryException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code plo}: publish clinic events to plo-tracker, bulk-import files, run the demo cohort, watch alerts. */
@Command(name = "plo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Publish clinic events to plo-tracker (pregnancy- and lactation-associated osteoporosis follow-up),"
                    + " bulk-import JSON Lines or CSV files, publish the demo cohort, and watch care-team alerts.",
            "Events are checked against the contract before anything is sent; batches are one Kafka transaction."},
        subcommands = {PublishCommand.class, ImportCommand.class, DemoCommand.class, AlertsCommand.class,
            WorklistCommand.class,
            LayoutCommand.class, AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:invalid input: events break the contract or a file cannot be read as events (nothing published)",
            "2:usage: wrong option or argument, unreadable file or --config",
            "3:Kafka or the schema registry cannot be reached within --timeout",
            "4:Kafka or the registry refused the request (authorization, incompatible schema) or failed"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  plo publish delivery --patient-id P-1 --clinical-date 2024-03-01",
            "  plo import visits.csv --type dxa --dry-run",
            "  plo alerts --group ward-7 --min-severity MODERATE --follow",
            "  source <(plo generate-completion)"})
public final class PloCli implements Runnable {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what the clients do and show stack traces of failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + spec.subcommands().keySet());
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs {@code plo} with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = commandLine(out, err);
        return commandLine.execute(args);
    }

    /** The command tree, wired to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        PloCli root = new PloCli();
        CommandLine commandLine = new CommandLine(root);
        PublishCommand.addEventSubcommands(commandLine.getSubcommands().get("publish"));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionStrategy(parseResult -> {
            configureLogging(root.verbose);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            int code = exitCodeOf(e);
            PrintWriter errWriter = cmd.getErr();
            errWriter.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e));
            if (root.verbose) {
                e.printStackTrace(errWriter);
            }
            errWriter.flush();
            return code;
        });
        return commandLine;
    }

    /** The exit code of a failure. */
    static int exitCodeOf(Throwable e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof PublishException publish) {
            return switch (publish.kind()) {
                case INVALID_EVENT -> ExitCode.INVALID_INPUT;
                case UNREACHABLE -> ExitCode.UNREACHABLE;
                case SERIALIZATION, REJECTED, KAFKA -> ExitCode.FAILED;
            };
        }
        if (e instanceof TimeoutException) {
            return ExitCode.UNREACHABLE;
        }
        return ExitCode.FAILED;
    }

    static String oneLine(Throwable e) {
        return (message(e) + hint(e)).replaceAll("\\s+", " ").trim();
    }

    /** What the person at the terminal can do about a failure, when there is something obvious. */
    private static String hint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException r && (r.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || r.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND)) {
                return " (the registry does not have this event schema yet: register it, or pass"
                        + " --auto-register-schemas)";
            }
        }
        return "";
    }

    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        } else if (!(e instanceof CliException) && !(e instanceof PublishException)) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }

    private static void configureLogging(boolean verbose) {
        if (verbose) {
            Configurator.setLevel("org.plotracker", Level.DEBUG);
            Configurator.setLevel("org.apache.kafka", Level.WARN);
        }
    }
}
