package org.plotracker.workspace;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.plotracker.topology.DeadLetterCounter;
import org.plotracker.workspace.readside.TrackerCounters;

/**
 * The Prometheus endpoint's registry: every Kafka Streams metric through Micrometer's binder, which also carries the
 * tracker's own counters (custom sensors of group {@value TrackerCounters#GROUP}: events accepted, alerts raised by
 * kind and severity, acknowledgements; see {@link TrackerCounters} to add one), the dead letters by reason
 * ({@link DeadLetterCounter}, counted by the exception handlers), and gauges of what the workspace stores hold (open
 * alerts on the worklist). The binder re-reads the metric list every {@link #REFRESH}, so counters
 * created when a task first sees an alert kind appear within that time.
 */
final class WorkspaceMetrics implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(5);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "workspace-metrics-refresh");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong openAlerts = new AtomicLong();
    private KafkaStreamsMetrics binder;

    WorkspaceMetrics() {
        Gauge.builder("plo.worklist.open.alerts", openAlerts, AtomicLong::get)
                .description("Alerts awaiting acknowledgement in this instance's partitions (alerts pending)")
                .register(registry);
    }

    synchronized void bind(KafkaStreams streams, DeadLetterCounter deadLetters) {
        binder = new KafkaStreamsMetrics(streams, List.of(), refresher, REFRESH);
        binder.bindTo(registry);
        for (String reason : DeadLetterCounter.REASONS) {
            FunctionCounter.builder("plo.dead.letters", deadLetters, c -> c.total(reason)).tag("reason", reason)
                    .description("Records sent to the dead-letter topic by this instance, by reason")
                    .register(registry);
        }
    }

    /** Called before each scrape with the current count of this instance's open alerts. */
    void openAlerts(long count) {
        openAlerts.set(count);
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (binder != null) {
            binder.close();
        }
        refresher.shutdownNow();
        registry.close();
    }
}
