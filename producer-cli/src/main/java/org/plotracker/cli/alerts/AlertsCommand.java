package org.plotracker.cli.alerts;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.plotracker.cli.CliException;
import org.plotracker.cli.ClientSettings;
import org.plotracker.cli.ConnectionOptions;
import org.plotracker.cli.ExitCode;
import org.plotracker.contracts.common.AlertSeverity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code plo alerts}: a care team's subscription to the alert topics. Reads only committed alerts
 * ({@code read_committed}), in a consumer group that commits what it has shown, so the next run starts where the
 * last one stopped.
 *
 * <p>A read filtered by patient or severity never moves the care team's group past alerts it did not show: it keeps
 * its position in a group of its own, named after the group and the filter ({@link #positionGroup}), so that
 * {@code plo alerts --group ward-7} still shows every alert a filtered read skipped, and the same filtered read run
 * again resumes where it stopped. {@code --type} needs no such group: it reads only its topic, so the group's
 * position on the other topic does not move.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        header = "Show a care team's alerts; the next run resumes where this one stopped.",
        description = {
            "Show plo-tracker alerts for a care team: BMD change beyond the least significant change, and"
                    + " recurrence risk when a patient with PLO is pregnant again, follow-up reminders (a DXA,"
                    + " dose or decision overdue). Decision support, not a diagnosis.",
            "Without --follow it shows what is new since the group's last run and exits; the group remembers what"
                    + " it has shown.",
            "With --patient or --min-severity the read keeps its position in a group of its own (GROUP~patient=..."
                    + "~min-severity=...), so the care team's group never moves past alerts it did not show."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  plo alerts --group ward-7          # what is new since ward-7 last looked",
            "  plo alerts --group ward-7 --follow --min-severity HIGH",
            "  plo alerts --group audit --patient PLO-SRC-04 --output json"})
public final class AlertsCommand implements Callable<Integer> {

    /** The project's Avro deserializer (Confluent wire format), unless value.deserializer is set in --config. */
    public static final String DEFAULT_VALUE_DESERIALIZER = "org.plotracker.serde.SpecificAvroDeserializer";

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP",
            description = "Consumer group of the care team; it resumes where it stopped (default: plo-alerts-<user>).")
    String group;

    @Option(names = {"-p", "--patient"}, paramLabel = "PATIENT_ID",
            description = "Only alerts of this patient (repeatable).")
    List<String> patients = new ArrayList<>();

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", converter = AlertKindConverter.class,
            completionCandidates = AlertKindCandidates.class,
            description = "Only this alert type (repeatable): ${COMPLETION-CANDIDATES}.")
    List<AlertKind> kinds = new ArrayList<>();

    @Option(names = {"-s", "--min-severity"}, paramLabel = "SEVERITY", defaultValue = "INFO",
            description = "Lowest severity to show: INFO, MODERATE, HIGH (default: ${DEFAULT-VALUE}).")
    AlertSeverity minimumSeverity;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (readable) or json (JSON Lines, the full alert). Default: ${DEFAULT-VALUE}.")
    AlertPrinter.Format output;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new alerts until interrupted (Ctrl-C).")
    boolean follow;

    @Option(names = "--from", paramLabel = "WHERE", defaultValue = "earliest",
            description = "Where a group that has never run starts: earliest (every alert kept) or latest"
                    + " (only new ones). Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--max", paramLabel = "N",
            description = "Stop after showing N alerts (the group resumes after the last one shown).")
    Integer max;

    @Mixin
    ConnectionOptions connection;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private volatile KafkaConsumer<String, Object> consumer;
    private volatile boolean stopping;
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (!from.equals("earliest") && !from.equals("latest")) {
            throw new CliException(ExitCode.USAGE, "--from must be earliest or latest, not " + from);
        }
        if (max != null && max < 1) {
            throw new CliException(ExitCode.USAGE, "--max must be at least 1");
        }
        if (minimumSeverity == AlertSeverity.UNKNOWN) {
            throw new CliException(ExitCode.USAGE, "--min-severity must be INFO, MODERATE or HIGH");
        }
        ClientSettings settings = ClientSettings.from(connection);
        String careTeam = group != null ? group : "plo-alerts-" + System.getProperty("user.name", "cli");
        String groupId = positionGroup(careTeam, patients, minimumSeverity);
        if (!groupId.equals(careTeam)) {
            spec.commandLine().getErr().println("plo alerts: filtered read; its position is kept in group " + groupId
                    + " (group " + careTeam + " does not move)");
        }
        Map<String, Object> config = settings.consumer("plo-cli-alerts", groupId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.putIfAbsent(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, DEFAULT_VALUE_DESERIALIZER);
        config.putIfAbsent("specific.avro.reader", "true");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, from);

        AlertFilter filter = new AlertFilter(new HashSet<>(patients), new HashSet<>(kinds), minimumSeverity);
        List<String> topics = (kinds.isEmpty() ? List.of(AlertKind.values()) : kinds).stream()
                .map(k -> k.topic().name()).distinct().toList();
        AlertPrinter printer = new AlertPrinter(spec.commandLine().getOut(), output);
        PrintWriter err = spec.commandLine().getErr();

        Thread hook = new Thread(this::requestStop, "plo-alerts-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return consume(settings, config, topics, filter, printer, err);
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting: the hook is running and waits for 'closed'
            }
        }
    }

    /**
     * The consumer group that keeps a read's position: the care team's group for an unfiltered read, else the group
     * with the filter appended ({@code ward-7~patient=A,B~min-severity=HIGH}), patients sorted so that the same
     * filter always names the same group.
     */
    static String positionGroup(String careTeam, List<String> patients, AlertSeverity minimumSeverity) {
        StringBuilder name = new StringBuilder(careTeam);
        if (!patients.isEmpty()) {
            name.append("~patient=").append(String.join(",", new java.util.TreeSet<>(patients)));
        }
        if (minimumSeverity != AlertSeverity.INFO) {
            name.append("~min-severity=").append(minimumSeverity.name());
        }
        return name.toString();
    }

    /** Stops a running subscription (Ctrl-C, or a test): offsets shown so far are committed. */
    public void requestStop() {
        stopping = true;
        KafkaConsumer<String, Object> current = consumer;
        if (current != null) {
            current.wakeup();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int consume(ClientSettings settings, Map<String, Object> config, List<String> topics, AlertFilter filter,
            AlertPrinter printer, PrintWriter err) {
        try (KafkaConsumer<String, Object> kafka = createConsumer(config)) {
            consumer = kafka;
            checkReachable(kafka, settings, topics);
            Map<TopicPartition, Long> endAtStart = new HashMap<>();
            kafka.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                    // offsets are committed after every batch
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                    if (!follow) {
                        kafka.endOffsets(partitions).forEach(endAtStart::putIfAbsent);
                    }
                }
            });
            int shown = 0;
            long idleSince = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
            while (!stopping) {
                ConsumerRecords<String, Object> records;
                try {
                    records = kafka.poll(Duration.ofMillis(500));
                } catch (RecordDeserializationException e) {
                    handleUnreadable(kafka, e, settings, err);
                    continue;
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<String, Object> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    processed.put(tp, new OffsetAndMetadata(record.offset() + 1));
                    AlertView alert = AlertView.of(record.value());
                    if (alert == null) {
                        err.println("plo alerts: skipped a record that is not a known alert at " + tp + "@"
                                + record.offset());
                    } else if (filter.matches(alert)) {
                        printer.print(alert);
                        shown++;
                        if (max != null && shown >= max) {
                            break;
                        }
                    }
                }
                printer.flush();
                if (!processed.isEmpty()) {
                    kafka.commitSync(processed);
                    processed.clear();
                }
                if (max != null && shown >= max) {
                    break;
                }
                if (!follow) {
                    if (!kafka.assignment().isEmpty() && caughtUp(kafka, endAtStart)) {
                        break;
                    }
                    if (kafka.assignment().isEmpty() && !records.isEmpty()) {
                        idleSince = System.nanoTime();
                    }
                    if (kafka.assignment().isEmpty()
                            && System.nanoTime() - idleSince > TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs())) {
                        throw new CliException(ExitCode.FAILED, "no partition of " + topics + " was assigned to"
                                + " group " + config.get(ConsumerConfig.GROUP_ID_CONFIG) + " within "
                                + settings.timeoutMs() / 1000 + " s");
                    }
                }
            }
            if (shown == 0 && !follow) {
                String none = "No new alerts for group " + config.get(ConsumerConfig.GROUP_ID_CONFIG)
                        + (patients.isEmpty() && kinds.isEmpty() && minimumSeverity == AlertSeverity.INFO ? ""
                        : " matching the filter") + ".";
                // JSON Lines stay machine-readable: the note goes to stderr there
                (output == AlertPrinter.Format.JSON ? err : spec.commandLine().getOut()).println(none);
            }
            return ExitCode.OK;
        } catch (WakeupException e) {
            return ExitCode.OK;
        } finally {
            consumer = null;
        }
    }

    private static KafkaConsumer<String, Object> createConsumer(Map<String, Object> config) {
        try {
            return new KafkaConsumer<>(config);
        } catch (KafkaException e) {
            throw new CliException(ExitCode.USAGE, "cannot create the Kafka consumer: " + rootMessage(e), e);
        }
    }

    private static void checkReachable(KafkaConsumer<String, Object> kafka, ClientSettings settings,
            List<String> topics) {
        Map<String, ?> existing;
        try {
            existing = kafka.listTopics(Duration.ofMillis(settings.timeoutMs()));
        } catch (TimeoutException e) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot reach Kafka at " + settings.bootstrapServers()
                    + " within " + settings.timeoutMs() / 1000 + " s", e);
        } catch (AuthenticationException | AuthorizationException e) {
            throw new CliException(ExitCode.FAILED, "Kafka refused the client: " + rootMessage(e), e);
        }
        List<String> missing = topics.stream().filter(t -> !existing.containsKey(t)).toList();
        for (String topic : missing) {
            // Kafka lists only the topics a principal may describe: tell "not allowed" from "not there".
            try {
                kafka.partitionsFor(topic, Duration.ofMillis(settings.timeoutMs()));
            } catch (AuthorizationException e) {
                throw new CliException(ExitCode.FAILED, "Kafka refused the client: " + rootMessage(e), e);
            } catch (KafkaException e) {
                // absent (or unknown): reported below
            }
        }
        if (!missing.isEmpty()) {
            throw new CliException(ExitCode.FAILED, "topic(s) " + missing + " do not exist on "
                    + settings.bootstrapServers() + "; is the tracker deployed there?");
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, Object> kafka, Map<TopicPartition, Long> endAtStart) {
        for (TopicPartition tp : kafka.assignment()) {
            Long end = endAtStart.get(tp);
            if (end == null || kafka.position(tp) < end) {
                return false;
            }
        }
        return true;
    }

    private static void handleUnreadable(KafkaConsumer<String, Object> kafka, RecordDeserializationException e,
            ClientSettings settings, PrintWriter err) {
        if (hasCause(e, ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
                HttpTimeoutException.class, SocketTimeoutException.class)) {
            throw new CliException(ExitCode.UNREACHABLE, "cannot reach the schema registry at "
                    + settings.schemaRegistryUrl() + ": " + rootMessage(e), e);
        }
        err.println("plo alerts: skipped an unreadable record at " + e.topicPartition() + "@" + e.offset() + ": "
                + rootMessage(e));
        kafka.seek(e.topicPartition(), e.offset() + 1);
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message.replaceAll("\\s+", " ").trim();
    }

    /** picocli converter for --type. */
    static final class AlertKindConverter implements CommandLine.ITypeConverter<AlertKind> {
        @Override
        public AlertKind convert(String value) {
            try {
                return AlertKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Completion candidates of --type. */
    static final class AlertKindCandidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return AlertKind.cliNames().iterator();
        }
    }

}
