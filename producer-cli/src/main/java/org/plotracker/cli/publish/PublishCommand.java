package org.plotracker.cli.publish;

import org.plotracker.cli.format.EventLayout;
import org.plotracker.cli.format.EventType;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code plo publish <type>}: one event from command-line options, one option per field of the type's layout (the
 * same names as the CSV columns, in kebab case). The subcommands are built from the layouts at start-up.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        header = "Publish one clinic event, given field by field.",
        description = {"Publish one clinic event, given field by field.",
            "The event is validated first; nothing is sent if it is invalid (exit code 1).",
            "Run 'plo publish <type> --help' for the fields of a type."},
        synopsisSubcommandLabel = "(delivery | pregnancy | fracture | dxa | treatment | erasure)")
public final class PublishCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing event type: one of "
                + EventType.cliNames());
    }

    /** Adds {@code publish <type>} for every event type to the {@code publish} command line. */
    public static void addEventSubcommands(CommandLine publish) {
        for (EventType type : EventType.values()) {
            PublishEventCommand command = new PublishEventCommand(EventLayout.of(type));
            publish.addSubcommand(type.cliName(), new CommandLine(command.spec()));
        }
    }
}
