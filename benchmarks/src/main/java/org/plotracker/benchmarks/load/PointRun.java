package org.plotracker.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.plotracker.app.AppConfig;
import org.plotracker.app.StreamsSettings;
import org.plotracker.app.TopologyWiring;
import org.plotracker.app.TrackerService;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SyntheticCohort;

/**
 * One point of the harness: a cohort of {@code patients × eventsPerPatient} events is published once, then read by
 * the raw consumer, the pass-through Streams app and the tracker, one after the other on the same offsets; then the
 * tracker's changelogs and state are measured, its local state is deleted and restored.
 */
final class PointRun {

    private final Target target;
    private final Offsets offsets;
    private final PrintStream out;
    private final Duration timeout;
    private final long seed;

    PointRun(Target target, Offsets offsets, PrintStream out, Duration timeout, long seed) {
        this.target = target;
        this.offsets = offsets;
        this.out = out;
        this.timeout = timeout;
        this.seed = seed;
    }

    Results.Point run(String tag, int repetition, int patients, int eventsPerPatient) throws InterruptedException {
        double loadBefore = LoadAverage.oneMinute();
        SyntheticCohort cohort = SyntheticCohort.of(patients, seed + repetition).eventsPerPatient(eventsPerPatient)
                .idPrefix(tag.toUpperCase(java.util.Locale.ROOT) + "-");
        out.printf("  publishing %,d patients × %d events ...%n", patients, eventsPerPatient);
        CohortPublisher.Published published = new CohortPublisher(target.clientProperties(), target.registryUrl())
                .publish(cohort, offsets);
        out.printf("  published %,d events in %.1f s%n", published.events(), published.seconds());

        RawConsumerRun.Result raw = RawConsumerRun.read(target.clientProperties(), published.start(),
                published.end(), timeout);
        check(raw.records() == published.events(), "raw consumer read " + raw.records() + " of "
                + published.events() + " events");
        Results.Rate rawRate = Results.Rate.of(raw.records(), raw.seconds(), raw.eventsPerSecond(), raw.seconds(),
                0);
        out.printf("  raw consumer:  %,10.0f events/s%n", rawRate.eventsPerSecond());

        Results.Rate pass = passThrough(tag, published);
        out.printf("  pass-through:  %,10.0f events/s%n", pass.eventsPerSecond());

        TrackerMeasurement tracker = tracker(tag, published);
        out.printf("  tracker:       %,10.0f events/s (%.0f µs/event)%n", tracker.rate.eventsPerSecond(),
                tracker.rate.microsPerEvent());

        long events = published.events();
        long changelogBytes = tracker.changelogs.values().stream().mapToLong(Changelogs.Written::bytesOnDisk).sum();
        double eventPayload = raw.payloadBytes() / (double) events;
        Results.Point point = new Results.Point(repetition, patients, eventsPerPatient, events, eventPayload,
                published.bytesOnDisk() / (double) events, published.seconds(), rawRate, pass, tracker.rate,
                tracker.rate.eventsPerSecond() / pass.eventsPerSecond(),
                tracker.rate.eventsPerSecond() / rawRate.eventsPerSecond(),
                pass.eventsPerSecond() / rawRate.eventsPerSecond(), tracker.deadLetters, tracker.outputRecords,
                tracker.changelogs, changelogBytes / (double) events,
                tracker.restore.changelogPayloadBytes() / (double) events, tracker.stateBytes, tracker.restore,
                new double[] {loadBefore, LoadAverage.oneMinute()});
        out.printf("  changelogs: %,.0f B/event on disk, %,.0f B/event payload (event: %,.0f B); state %s;"
                        + " restore %.2f s vs changelog read %.2f s%n", point.changelogBytesOnDiskPerEvent(),
                point.changelogPayloadBytesPerEvent(), eventPayload, megabytes(tracker.stateBytes),
                tracker.restore.restoreSeconds(), tracker.restore.changelogReadSeconds());
        if (tracker.deadLetters > 0) {
            out.printf("  WARNING: %d dead letters: synthetic events should all be accepted (see the log)%n",
                    tracker.deadLetters);
        }
        return point;
    }

    private Results.Rate passThrough(String tag, CohortPublisher.Published published) throws InterruptedException {
        String appId = "plo-load-" + tag + "-passthrough";
        String output = "plo-load." + tag + ".passthrough";
        int partitions = published.start().size() / CohortPublisher.inputTopics().size();
        Offsets.get(offsets.admin().createTopics(List.of(new NewTopic(output, Optional.of(partitions),
                Optional.empty()))).all());
        Topology topology = new Topology();
        topology.addSource("load-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                CohortPublisher.inputTopics().toArray(String[]::new));
        topology.addSink("load-sink", output, new ByteArraySerializer(), new ByteArraySerializer(), "load-source");
        Properties props = new Properties();
        props.putAll(target.clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, target.stateDir(appId).toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        offsets.startGroupAt(appId, published.start());
        try (StreamsApp app = StreamsApp.create(topology, props, CohortPublisher.inputTopics())) {
            app.start().awaitRunning(timeout);
            app.awaitCaughtUp(offsets, published.end(), timeout);
            double wall = app.secondsSinceStart();
            check(app.counter().count() == published.events(), "pass-through counted " + app.counter().count()
                    + " of " + published.events() + " events");
            return Results.Rate.of(app.counter().count(), app.counter().seconds(), app.counter().eventsPerSecond(),
                    wall, app.secondsToRunning());
        } finally {
            Offsets.get(offsets.admin().deleteTopics(List.of(output)).all());
        }
    }

    private TrackerMeasurement tracker(String tag, CohortPublisher.Published published) throws InterruptedException {
        String appId = "plo-load-" + tag + "-tracker";
        Path stateDir = target.stateDir(appId);
        AppConfig config = target.appConfig(Map.of("application.id", appId, "state.dir", stateDir.toString()));
        List<TopicPartition> deadLetter = offsets.partitions(List.of(Topics.DEAD_LETTER));
        List<TopicPartition> outputs = offsets.partitions(Topics.OUTPUTS.stream().map(TopicSpec::name).toList());
        Map<TopicPartition, Long> deadBefore = offsets.endOffsets(deadLetter);
        Map<TopicPartition, Long> outputsBefore = offsets.endOffsets(outputs);
        offsets.startGroupAt(appId, published.start());
        TrackerMeasurement m = new TrackerMeasurement();
        try {
            try (StreamsApp app = StreamsApp.create(trackerTopology(config), StreamsSettings.forApp(config),
                    CohortPublisher.inputTopics())) {
                app.start().awaitRunning(timeout);
                app.awaitCaughtUp(offsets, published.end(), timeout);
                double wall = app.secondsSinceStart();
                m.rate = Results.Rate.of(app.counter().count(), app.counter().seconds(),
                        app.counter().eventsPerSecond(), wall, app.secondsToRunning());
            }
            m.deadLetters = growth(deadBefore, offsets.endOffsets(deadLetter));
            m.outputRecords = growth(outputsBefore, offsets.endOffsets(outputs));
            m.stateBytes = Target.sizeOf(stateDir.resolve(appId));
            m.changelogs = Changelogs.written(offsets, appId);

            RawConsumerRun.Result read = Changelogs.plainRead(target.clientProperties(), offsets, appId, timeout);
            Target.deleteTree(stateDir);
            try (StreamsApp restored = StreamsApp.create(trackerTopology(config), StreamsSettings.forApp(config),
                    CohortPublisher.inputTopics())) {
                restored.start().awaitRunning(timeout);
                m.restore = new Results.Restore(restored.secondsToRunning(), restored.restores().seconds(),
                        restored.restores().records(), read.seconds(), read.records(), read.payloadBytes(),
                        restored.restores().seconds() / read.seconds());
            }
        } finally {
            // measured or not, the point gives its disk space back before the next one
            deleteInternalTopics(appId);
            Target.deleteTree(stateDir);
        }
        return m;
    }

    static Topology trackerTopology(AppConfig config) {
        return TopologyWiring.topology(config, TrackerService.loadRules(config.rulesFile()));
    }

    /** The tracker's changelog and repartition topics: only the figures are kept, the disk space is given back. */
    private void deleteInternalTopics(String appId) {
        List<String> internal = new ArrayList<>(Offsets.get(offsets.admin().listTopics().names()).stream()
                .filter(t -> t.startsWith(appId + "-")).toList());
        if (!internal.isEmpty()) {
            Offsets.get(offsets.admin().deleteTopics(internal).all());
        }
    }

    private static long growth(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<TopicPartition, Long> b = new HashMap<>(before);
        return after.entrySet().stream().mapToLong(e -> e.getValue() - b.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new LoadRunException(problem);
        }
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static final class TrackerMeasurement {
        Results.Rate rate;
        long deadLetters;
        long outputRecords;
        long stateBytes;
        Map<String, Changelogs.Written> changelogs;
        Results.Restore restore;
    }
}
