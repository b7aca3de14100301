package org.plotracker.benchmarks.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.plotracker.app.AppConfig;
import org.plotracker.app.StreamsSettings;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.publish.EventPublisher;
import org.plotracker.serde.AvroSerdes;

/**
 * Publish → alert visible, live: a tracker with the app's settings (its settling window included) runs caught up;
 * synthetic events are published at a steady rate (the events due every 10 ms in one transaction) with
 * {@code recordedAt} set to the moment of publishing (a clinic entering them now); a {@code read_committed} consumer of the BMD-change alert topic notes when
 * each alert becomes visible. Latency is measured from the publishing of the event the alert names as its trigger,
 * and, as a lower bound, from the patient's last event published before the alert became visible (a later event of
 * hers can legitimately restart the settling window).
 */
final class LatencyRun {

    private static final int EVENTS_PER_PATIENT = 6;
    private static final long TICK_MILLIS = 10;
    /** Alerts triggered in the first seconds are also reported apart: a fresh JVM runs uncompiled code at first. */
    private static final double WARMUP_SECONDS = 5;

    private final Target target;
    private final Offsets offsets;
    private final PrintStream out;
    private final Duration timeout;

    LatencyRun(Target target, Offsets offsets, PrintStream out, Duration timeout) {
        this.target = target;
        this.offsets = offsets;
        this.out = out;
        this.timeout = timeout;
    }

    Results.Latency run(String tag, double rate, int seconds, long seed) throws InterruptedException {
        double loadBefore = LoadAverage.oneMinute();
        String appId = "plo-load-" + tag + "-latency";
        Path stateDir = target.stateDir(appId);
        AppConfig config = target.appConfig(Map.of("application.id", appId, "state.dir", stateDir.toString()));
        long settleMs = config.alertSettle().toMillis();
        int patients = Math.max(1, (int) Math.round(rate * seconds / EVENTS_PER_PATIENT));
        List<SpecificRecord> events = SyntheticCohort.of(patients, seed).eventsPerPatient(EVENTS_PER_PATIENT)
                .idPrefix(tag.toUpperCase(java.util.Locale.ROOT) + "-").events();

        List<TopicPartition> inputs = offsets.partitions(CohortPublisher.inputTopics());
        offsets.startGroupAt(appId, offsets.endOffsets(inputs));
        List<TopicPartition> alertPartitions = offsets.partitions(List.of(Topics.BMD_CHANGE_ALERTS.name()));
        List<TopicPartition> deadLetter = offsets.partitions(List.of(Topics.DEAD_LETTER));
        Map<TopicPartition, Long> deadBefore = offsets.endOffsets(deadLetter);
        Map<TopicPartition, Long> alertStart = offsets.endOffsets(alertPartitions);

        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        Map<String, List<long[]>> patientTimeline = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        out.printf("  latency: %d events of %d patients at %.0f events/s, settling window %d ms%n", events.size(),
                patients, rate, settleMs);
        try (StreamsApp tracker = StreamsApp.create(PointRun.trackerTopology(config), StreamsSettings.forApp(config),
                CohortPublisher.inputTopics())) {
            tracker.start().awaitRunning(timeout);
            Thread reader = new Thread(() -> readAlerts(alertStart, stop, seen), "latency-alert-reader");
            reader.start();
            Map<String, Object> settings = new HashMap<>(target.clientProperties());
            settings.put("schema.registry.url", target.registryUrl());
            settings.put("auto.register.schemas", "true");
            settings.put("linger.ms", "0");
            long began;
            long finished;
            try (EventPublisher publisher = new EventPublisher(settings)) {
                began = System.nanoTime();
                long interval = (long) (1e9 / rate);
                int next = 0;
                while (next < events.size()) {
                    // every tick, the events now due go out in one transaction: the rate stays steady even when
                    // one commit takes longer than the gap between two events
                    long wait = began + next * interval - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Math.max(1, Math.min(TICK_MILLIS, wait / 1_000_000))); // publishing schedule
                        continue;
                    }
                    long now = System.nanoTime();
                    List<SpecificRecord> due = new ArrayList<>();
                    while (next < events.size() && began + next * interval <= now) {
                        SpecificRecord live = recordedNow(events.get(next++));
                        publishedAt.put(field(live, "eventId"), now);
                        patientTimeline.computeIfAbsent(field(live, "patientId"), k -> new ArrayList<>())
                                .add(new long[] {now});
                        due.add(live);
                    }
                    publisher.publishAll(due);
                }
                finished = System.nanoTime();
            }
            // wait until no alert has appeared for the window plus 5 s
            long quietNanos = Duration.ofMillis(settleMs).plusSeconds(5).toNanos();
            long deadline = System.nanoTime() + timeout.toNanos();
            int count = -1;
            long lastChange = System.nanoTime();
            while (System.nanoTime() - lastChange < quietNanos && System.nanoTime() < deadline && tracker.healthy()) {
                if (seen.size() != count) {
                    count = seen.size();
                    lastChange = System.nanoTime();
                }
                Thread.sleep(100); // polling a condition
            }
            stop.set(true);
            reader.join(30_000);
            double achieved = events.size() / ((finished - began) / 1e9);
            List<Double> fromTrigger = new ArrayList<>();
            List<Double> fromLast = new ArrayList<>();
            List<Double> afterWarmup = new ArrayList<>();
            double warmupSeconds = Math.min(WARMUP_SECONDS, seconds / 4.0);
            for (Seen alert : seen) {
                Long trigger = publishedAt.get(alert.triggerEventId());
                if (trigger == null) {
                    continue; // an alert of another cohort
                }
                fromTrigger.add((alert.visibleAt() - trigger) / 1e6);
                if (trigger - began >= warmupSeconds * 1e9) {
                    afterWarmup.add((alert.visibleAt() - trigger) / 1e6);
                }
                long last = patientTimeline.getOrDefault(alert.patientId(), List.of()).stream()
                        .mapToLong(t -> t[0]).filter(t -> t <= alert.visibleAt()).max().orElse(trigger);
                fromLast.add((alert.visibleAt() - last) / 1e6);
            }
            long deadLetters = offsets.endOffsets(deadLetter).entrySet().stream()
                    .mapToLong(e -> e.getValue() - deadBefore.getOrDefault(e.getKey(), 0L)).sum();
            Results.Latency latency = new Results.Latency(rate, achieved, events.size(), fromTrigger.size(), settleMs,
                    percentiles(fromTrigger), percentiles(fromLast), deadLetters,
                    new double[] {loadBefore, LoadAverage.oneMinute()}, warmupSeconds, percentiles(afterWarmup));
            out.printf("  latency: %d BMD alerts, publish→visible p50 %.0f ms, p99 %.0f ms (from the patient's last"
                            + " event: p50 %.0f ms, p99 %.0f ms); achieved %.1f events/s%n", latency.alerts(),
                    latency.fromTrigger().p50Ms(), latency.fromTrigger().p99Ms(), latency.fromLastEvent().p50Ms(),
                    latency.fromLastEvent().p99Ms(), achieved);
            out.printf("  latency after the first %.0f s (JIT warm-up of the fresh tracker): %d alerts, p50 %.0f ms,"
                            + " p99 %.0f ms%n", warmupSeconds, latency.afterWarmup().count(),
                    latency.afterWarmup().p50Ms(), latency.afterWarmup().p99Ms());
            return latency;
        } finally {
            stop.set(true);
            Target.deleteTree(stateDir);
        }
    }

    private void readAlerts(Map<TopicPartition, Long> start, AtomicBoolean stop, ConcurrentLinkedQueue<Seen> seen) {
        Map<String, Object> settings = new HashMap<>(target.clientProperties());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put("schema.registry.url", target.registryUrl());
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Deserializer<BmdChangeAlert> values = AvroSerdes.forClass(BmdChangeAlert.class, settings).deserializer();
        try (KafkaConsumer<String, BmdChangeAlert> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                values)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            while (!stop.get()) {
                var records = consumer.poll(Duration.ofMillis(20));
                long now = System.nanoTime();
                for (ConsumerRecord<String, BmdChangeAlert> record : records) {
                    if (record.value() != null) {
                        seen.add(new Seen(field(record.value(), "patientId"),
                                field(record.value(), "triggeredByEventId"), now));
                    }
                }
            }
        }
    }

    /** A copy of the event recorded now (clinical date unchanged: a clinic entering a past finding today). */
    private static SpecificRecord recordedNow(SpecificRecord event) {
        SpecificRecord copy = SpecificData.getForClass(event.getClass()).deepCopy(event.getSchema(), event);
        copy.put(copy.getSchema().getField("recordedAt").pos(), Instant.now());
        return copy;
    }

    private static String field(SpecificRecord record, String name) {
        Object value = record.get(record.getSchema().getField(name).pos());
        return value == null ? null : value.toString();
    }

    static Results.Percentiles percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return new Results.Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Results.Percentiles(sorted.length, nearestRank(sorted, 0.50), nearestRank(sorted, 0.90),
                nearestRank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    private static double nearestRank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private record Seen(String patientId, String triggerEventId, long visibleAt) {
    }
}
