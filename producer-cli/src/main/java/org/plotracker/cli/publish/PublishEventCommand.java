package org.plotracker.cli.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.cli.ExitCode;
import org.plotracker.cli.format.Column;
import org.plotracker.cli.format.EventDecoder;
import org.plotracker.cli.format.EventLayout;
import org.plotracker.cli.format.RecordJson;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.Violation;
import org.plotracker.publish.PublishResult;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code plo publish <type>}: built from the type's {@link EventLayout}, one option per column. */
final class PublishEventCommand implements Callable<Integer> {

    static final String DEFAULT_SOURCE_SYSTEM = "plo-cli";

    private final EventLayout layout;
    private final ConnectionOptions connection = new ConnectionOptions();
    private final CommandSpec spec;

    PublishEventCommand(EventLayout layout) {
        this.layout = layout;
        this.spec = CommandSpec.wrapWithoutInspection(this);
        String type = layout.type().cliName();
        spec.name(type).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description("Publish one " + layout.type().schema().getName() + " event to "
                        + layout.type().topic().name() + ".",
                        "Dates are YYYY-MM-DD, times ISO-8601 (2024-03-14T16:00:00Z); enum values are"
                                + " case-insensitive. Lists are separated by ';'.",
                        "--event-id defaults to a random UUID: give your system's own id so that a retry is"
                                + " recognised as a duplicate. --recorded-at defaults to now, --source-system to "
                                + DEFAULT_SOURCE_SYSTEM + ".",
                        "To amend an event, send it again with the same --event-id and a higher --revision; to"
                                + " retract it, add --entered-in-error.");
        for (Column column : layout.columns()) {
            spec.addOption(optionOf(column));
        }
        if (layout.column("entryStatus").isPresent()) {
            spec.addOption(OptionSpec.builder("--entered-in-error").arity("0").type(boolean.class)
                    .defaultValue("false")
                    .description("Retract the event --event-id (FHIR entered-in-error): same as --entry-status"
                            + " ENTERED_IN_ERROR. Give the event's id and a --revision higher than the one sent.")
                    .build());
        }
        spec.addOption(OptionSpec.builder("--dry-run").arity("0").type(boolean.class).defaultValue("false")
                .description("Validate and print the event as JSON; send nothing.").build());
        spec.addMixin("connection", CommandSpec.forAnnotatedObject(connection));
    }

    CommandSpec spec() {
        return spec;
    }

    private static OptionSpec optionOf(Column column) {
        boolean defaulted = column.name().equals("eventId") || column.name().equals("recordedAt")
                || column.name().equals("sourceSystem");
        StringBuilder description = new StringBuilder(column.description());
        if (!column.candidates().isEmpty()) {
            description.append(" One of: ").append(String.join(", ", column.candidates())).append('.');
        }
        return OptionSpec.builder(column.optionName())
                .paramLabel(column.valueHint())
                .type(String.class)
                .required(column.required() && !defaulted)
                .completionCandidates(column.candidates().isEmpty() ? null : column.candidates())
                .description(description.toString())
                .build();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> values = new LinkedHashMap<>();
        for (Column column : layout.columns()) {
            String value = spec.findOption(column.optionName()).getValue();
            if (value != null) {
                values.put(column.name(), value);
            }
        }
        if (layout.column("entryStatus").isPresent() && (boolean) spec.findOption("--entered-in-error").getValue()) {
            if (values.containsKey("entryStatus") && !values.get("entryStatus").equalsIgnoreCase("ENTERED_IN_ERROR")) {
                err.println("plo publish " + layout.type().cliName() + ": --entered-in-error contradicts"
                        + " --entry-status " + values.get("entryStatus") + "; nothing published");
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
            if (!values.containsKey("eventId")) {
                err.println("plo publish " + layout.type().cliName() + ": --entered-in-error needs --event-id,"
                        + " the id of the event to retract; nothing published");
                err.flush();
                return ExitCode.INVALID_INPUT;
            }
            values.put("entryStatus", "ENTERED_IN_ERROR");
        }
        values.putIfAbsent("eventId", UUID.randomUUID().toString());
        values.putIfAbsent("recordedAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        values.putIfAbsent("sourceSystem", DEFAULT_SOURCE_SYSTEM);
        keepOnlyColumns(values);

        ObjectNode json = layout.toJson(values);
        EventDecoder.Decoded decoded = new EventDecoder(EventValidator.withDefaults()).decode(layout.type(), json);
        if (!decoded.valid()) {
            err.println("plo publish " + layout.type().cliName() + ": invalid event, nothing published:");
            for (Violation problem : decoded.problems()) {
                err.println("  " + optionFor(problem.field(), json) + ": " + problem.reason());
            }
            err.flush();
            return ExitCode.INVALID_INPUT;
        }
        boolean dryRun = spec.findOption("--dry-run").getValue();
        if (dryRun) {
            out.println(RecordJson.toJsonLine(decoded.event()));
            out.flush();
            return ExitCode.OK;
        }
        PublishResult result = Publishing.publish(connection, "plo-cli-publish", List.of(decoded.event()),
                null, null);
        out.println("Published " + layout.type().cliName() + " event " + values.get("eventId") + " to "
                + layout.type().topic().name() + " (" + result.elapsed().toMillis() + " ms)");
        out.flush();
        return ExitCode.OK;
    }

    private void keepOnlyColumns(Map<String, String> values) {
        values.keySet().removeIf(name -> layout.column(name).isEmpty());
    }

    private String optionFor(String path, ObjectNode json) {
        String column = layout.columnFor(path, json);
        String suffix = "";
        int entry = column.indexOf(" (entry ");
        if (entry > 0) {
            suffix = column.substring(entry);
            column = column.substring(0, entry);
        }
        if (column.endsWith("*")) {
            // A whole DXA site: its four options share the prefix.
            String prefix = new Column(column.substring(0, column.length() - 1), "", "", false, List.of()).optionName();
            return prefix + "-{bmd,t,z}";
        }
        String name = column;
        return layout.column(column).map(Column::optionName).orElse(name) + suffix;
    }

}
