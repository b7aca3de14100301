package org.plotracker.workspace.readside;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The tracker's own counters, recorded as Kafka Streams custom sensors: they live in the streams' metrics registry
 * (per stream thread), so the Prometheus endpoint exposes them through the same Kafka Streams binder as the built-in
 * metrics, and no registry has to be passed into the topology. Group {@value #GROUP}; each counter has a
 * {@code <name>-total} and a {@code <name>-rate} metric.
 *
 * <p>Adding a counter: one method here returning {@code metrics.addRateTotalSensor(SCOPE, entity, name, INFO, tags)},
 * recorded by the processor that sees the fact. The entity must differ per tag combination (a sensor records into
 * every metric it holds).
 */
public final class TrackerCounters {

    /** Scope of the sensors: their metrics are in group {@code stream-plo-tracker-metrics}. */
    public static final String SCOPE = "plo-tracker";
    public static final String GROUP = "stream-" + SCOPE + "-metrics";

    private TrackerCounters() {
    }

    /** Clinical events admitted to a patient's record (not duplicates, not dead letters). */
    static Sensor eventsAccepted(StreamsMetrics metrics) {
        return metrics.addRateTotalSensor(SCOPE, "events", "events-accepted", Sensor.RecordingLevel.INFO);
    }

    /** Alerts raised (a record per alert id first seen), by kind and severity. */
    static Sensor alertsRaised(StreamsMetrics metrics, String kind, String severity) {
        return metrics.addRateTotalSensor(SCOPE, "alerts-" + kind + "-" + severity, "alerts-raised",
                Sensor.RecordingLevel.INFO, "kind", kind, "severity", severity);
    }

    /** Acknowledgements processed from the control topic. */
    static Sensor alertsAcknowledged(StreamsMetrics metrics) {
        return metrics.addRateTotalSensor(SCOPE, "acknowledgements", "alerts-acknowledged",
                Sensor.RecordingLevel.INFO);
    }
}
