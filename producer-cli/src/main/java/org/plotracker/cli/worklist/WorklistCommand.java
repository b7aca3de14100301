package org.plotracker.cli.worklist;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.plotracker.cli.CliException;
import org.plotracker.cli.ClientSettings;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.cli.ExitCode;
import org.plotracker.cli.alerts.AlertsCommand;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.OpenFollowUpItem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code plo worklist}: every open follow-up item from the follow-up status topic (latest row per patient), most
 * overdue first. Reads the compacted topic from its start to its current end with {@code read_committed}; it joins no
 * consumer group and commits nothing.
 */
@Command(name = "worklist", mixinStandardHelpOptions = true,
        header = "Show open follow-up items, most overdue first.",
        description = {
            "Show every open follow-up item plo-tracker knows of (DXA after an index fracture, treatment decision,"
                    + " monitoring DXA, next denosumab dose, teriparatide limit, DXA after a later delivery), from"
                    + " the follow-up status topic, sorted by how many days each is overdue as of --as-of (default"
                    + " today, UTC). Decision support: what would satisfy each item is printed with it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  plo worklist",
            "  plo worklist --as-of 2025-06-30 --patient PLO-SRC-01"})
public final class WorklistCommand implements Callable<Integer> {

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "Count overdue days as of this ISO date (default: today, UTC).")
    String asOf;

    @Option(names = {"-p", "--patient"}, paramLabel = "PATIENT_ID",
            description = "Only this patient's items (repeatable).")
    List<String> patients = new ArrayList<>();

    @Option(names = "--overdue-only", description = "Only items past their due date.")
    boolean overdueOnly;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One line of the worklist. */
    record Entry(String patientId, OpenFollowUpItem item, long overdueDays) {
    }

    @Override
    public Integer call() {
        LocalDate today = today();
        ClientSettings settings = ClientSettings.from(connection);
        Map<String, Object> config = settings.consumer("plo-cli-worklist", "plo-worklist-unused");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.putIfAbsent(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                AlertsCommand.DEFAULT_VALUE_DESERIALIZER);
        config.putIfAbsent("specific.avro.reader", "true");
        Map<String, FollowUpStatus> latest = read(settings, config);
        List<Entry> entries = entries(latest.values(), today, new HashSet<>(patients), overdueOnly);
        print(spec.commandLine().getOut(), entries, today);
        return 0;
    }

    private LocalDate today() {
        if (asOf == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(asOf.trim());
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCode.USAGE, "--as-of must be an ISO date such as 2025-06-30, not " + asOf);
        }
    }

    /** The open items of the given status rows, most overdue first (then by patient and item). */
    static List<Entry> entries(Iterable<FollowUpStatus> rows, LocalDate today, Set<String> patients,
                               boolean overdueOnly) {
        List<Entry> entries = new ArrayList<>();
        for (FollowUpStatus row : rows) {
            if (row == null || (!patients.isEmpty() && !patients.contains(row.getPatientId()))) {
                continue;
            }
            for (OpenFollowUpItem item : row.getOpenItems()) {
                long overdue = ChronoUnit.DAYS.between(item.getDueDate(), today);
                if (!overdueOnly || overdue > 0) {
                    entries.add(new Entry(row.getPatientId(), item, overdue));
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::overdueDays).reversed().thenComparing(Entry::patientId)
                .thenComparing(e -> e.item().getItemId()));
        return entries;
    }

    static void print(PrintWriter out, List<Entry> entries, LocalDate today) {
        out.printf("Open follow-up items as of %s, most overdue first (%d)%n", today, entries.size());
        if (entries.isEmpty()) {
            out.flush();
            return;
        }
        String format = "%-14s %-31s %-10s %8s  %-8s %9s  %s%n";
        out.printf(format, "PATIENT", "ITEM", "DUE", "OVERDUE", "SEVERITY", "REMINDERS", "WHAT WOULD SATISFY IT");
        for (Entry e : entries) {
            OpenFollowUpItem i = e.item();
            out.printf(format, e.patientId(), i.getItemId(), i.getDueDate(),
                    e.overdueDays() > 0 ? e.overdueDays() + " d" : "-", i.getSeverity(), i.getRemindersSent(),
                    i.getSatisfiedBy());
        }
        out.flush();
    }

    private static Map<String, FollowUpStatus> read(ClientSettings settings, Map<String, Object> config) {
        String topic = Topics.FOLLOW_UP_STATUS.name();
        Map<String, FollowUpStatus> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, Object> kafka = new KafkaConsumer<>(config)) {
            List<PartitionInfo> partitions;
            try {
                partitions = kafka.partitionsFor(topic, Duration.ofMillis(settings.timeoutMs()));
            } catch (TimeoutException e) {
                throw new CliException(ExitCode.UNREACHABLE, "cannot reach Kafka at " + settings.bootstrapServers()
                        + " within " + settings.timeoutMs() / 1000 + " s", e);
            } catch (AuthenticationException | AuthorizationException e) {
                throw new CliException(ExitCode.FAILED, "Kafka refused the client: " + e.getMessage(), e);
            }
            if (partitions == null || partitions.isEmpty()) {
                throw new CliException(ExitCode.FAILED, "topic " + topic + " does not exist on "
                        + settings.bootstrapServers() + "; is the tracker deployed there?");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            kafka.assign(assigned);
            kafka.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = kafka.endOffsets(assigned);
            long deadline = System.nanoTime() + Duration.ofMillis(settings.timeoutMs()).toNanos();
            while (assigned.stream().anyMatch(tp -> kafka.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCode.UNREACHABLE, "could not read " + topic + " to its end within "
                            + settings.timeoutMs() / 1000 + " s");
                }
                for (ConsumerRecord<String, Object> r : kafka.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else if (r.value() instanceof FollowUpStatus status) {
                        latest.put(r.key(), status);
                    }
                }
            }
        } catch (KafkaException e) {
            throw new CliException(ExitCode.FAILED, "cannot read " + topic + ": " + e.getMessage(), e);
        }
        return latest;
    }
}
