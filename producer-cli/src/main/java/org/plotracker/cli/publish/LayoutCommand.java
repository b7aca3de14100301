package org.plotracker.cli.publish;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.plotracker.cli.CliException;
import org.plotracker.cli.ExitCode;
import org.plotracker.cli.format.Column;
import org.plotracker.cli.format.EventLayout;
import org.plotracker.cli.format.EventType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plo layout [TYPE...]}: the CSV columns (and publish options) of event types. */
@Command(name = "layout", mixinStandardHelpOptions = true,
        header = "Show the CSV columns (and publish options) of event types.",
        description = {"Show the CSV column layout of event types: the header line to use, and per column its"
                + " publish option, value format, whether it is required, and its meaning."})
public final class LayoutCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TYPE", arity = "0..*", completionCandidates = ImportCommand.EventTypeCandidates.class,
            description = "Event types (default: all): ${COMPLETION-CANDIDATES}.")
    List<String> types = new ArrayList<>();

    @Option(names = "--markdown", description = "Print Markdown tables (as in docs/producer-cli.md).")
    boolean markdown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<EventType> selected = new ArrayList<>();
        for (String name : types) {
            selected.add(EventType.parse(name).orElseThrow(() -> new CliException(ExitCode.USAGE,
                    name + " is not one of " + EventType.cliNames())));
        }
        if (selected.isEmpty()) {
            selected.addAll(List.of(EventType.values()));
        }
        for (EventType type : selected) {
            EventLayout layout = EventLayout.of(type);
            String header = layout.columns().stream().map(Column::name).collect(Collectors.joining(","));
            if (markdown) {
                out.printf(Locale.ROOT, "#### %s (`%s`, topic `%s`)%n%n```%n%s%n```%n%n", type.cliName(),
                        type.schema().getName(), type.topic().name(), header);
                out.println("| column | option | value | required | meaning |");
                out.println("|---|---|---|---|---|");
                for (Column c : layout.columns()) {
                    out.printf(Locale.ROOT, "| `%s` | `%s` | %s | %s | %s |%n", c.name(), c.optionName(),
                            c.candidates().isEmpty() ? c.valueHint() : String.join(", ", c.candidates()),
                            c.required() ? "yes" : "", c.description().replace("|", "\\|"));
                }
                out.println();
            } else {
                out.printf(Locale.ROOT, "%s (%s -> %s)%n  header: %s%n", type.cliName(), type.schema().getName(),
                        type.topic().name(), header);
                for (Column c : layout.columns()) {
                    out.printf(Locale.ROOT, "  %-28s %-34s %-18s %s%n", c.name(), c.optionName(),
                            c.required() ? c.valueHint() + " *" : c.valueHint(), c.description());
                }
                out.println();
            }
        }
        if (!markdown) {
            out.println("* required. Blank cells are left out; lists are separated by ';'.");
        }
        out.flush();
        return ExitCode.OK;
    }
}
