package org.plotracker.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the tracker topology itself (not of Kafka Streams): the alert settling window.
 *
 * <p>A patient's events reach the topology from six topics and Kafka Streams does not keep their order across topics,
 * so the events of one batch (a clinic's upload, the demo, a bulk import) may be processed in any order. Alerts are
 * therefore not emitted when first decided: they are held as pending in the patient's state, re-decided on each
 * further accepted event of the patient, and emitted by a wall-clock punctuator once the pending alerts have not
 * changed for {@link #alertSettle()}. {@link Duration#ZERO} emits them at once (no settling).
 *
 * <p>Property {@value #ALERT_SETTLE_MS} (milliseconds, ≥ 0); the app's default is {@link #DEFAULT_ALERT_SETTLE}.
 */
public final class TopologySettings {

    /** Property of the alert settling window in milliseconds. */
    public static final String ALERT_SETTLE_MS = "plo.tracker.alert-settle-ms";
    /** The app's default settling window. */
    public static final Duration DEFAULT_ALERT_SETTLE = Duration.ofSeconds(3);

    private static final Duration MIN_CHECK_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Duration alertSettle;

    private TopologySettings(Duration alertSettle) {
        Objects.requireNonNull(alertSettle, "alertSettle");
        if (alertSettle.isNegative()) {
            throw new IllegalArgumentException("The alert settling window must not be negative, was " + alertSettle);
        }
        this.alertSettle = alertSettle;
    }

    /** The app's defaults: alerts settle for {@link #DEFAULT_ALERT_SETTLE}. */
    public static TopologySettings defaults() {
        return new TopologySettings(DEFAULT_ALERT_SETTLE);
    }

    /** No settling window: every alert is emitted while the event that decided it is processed. */
    public static TopologySettings immediate() {
        return new TopologySettings(Duration.ZERO);
    }

    /** These settings with another settling window ({@link Duration#ZERO} = emit immediately). */
    public TopologySettings alertSettle(Duration settle) {
        return new TopologySettings(settle);
    }

    /**
     * The defaults overridden by {@value #ALERT_SETTLE_MS} when present (other keys are ignored, so the app can pass
     * its whole configuration).
     *
     * @throws IllegalArgumentException naming the key when the value is not a whole number of milliseconds ≥ 0
     */
    public static TopologySettings fromProperties(Map<?, ?> properties) {
        Object value = properties.get(ALERT_SETTLE_MS);
        if (value == null || String.valueOf(value).isBlank()) {
            return defaults();
        }
        String text = String.valueOf(value).trim();
        long millis;
        try {
            millis = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ALERT_SETTLE_MS + " must be a whole number of milliseconds, was '"
                    + text + "'");
        }
        if (millis < 0) {
            throw new IllegalArgumentException(ALERT_SETTLE_MS + " must be 0 (emit at once) or more, was " + millis);
        }
        return new TopologySettings(Duration.ofMillis(millis));
    }

    /** How long a patient's pending alerts must stay unchanged before they are emitted. */
    public Duration alertSettle() {
        return alertSettle;
    }

    /** True when alerts are emitted at once (no window). */
    public boolean emitsAlertsImmediately() {
        return alertSettle.isZero();
    }

    /**
     * How often the punctuator looks for patients whose pending alerts have settled: a quarter of the window, between
     * 50 ms and 1 s (1 s with a zero window, when it only flushes what a run with a window left pending). An alert
     * is emitted at most this much later than the window's end.
     */
    public Duration alertCheckInterval() {
        if (alertSettle.isZero()) {
            return MAX_CHECK_INTERVAL;
        }
        Duration quarter = alertSettle.dividedBy(4);
        if (quarter.compareTo(MIN_CHECK_INTERVAL) < 0) {
            return MIN_CHECK_INTERVAL;
        }
        return quarter.compareTo(MAX_CHECK_INTERVAL) > 0 ? MAX_CHECK_INTERVAL : quarter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopologySettings other && other.alertSettle.equals(alertSettle);
    }

    @Override
    public int hashCode() {
        return alertSettle.hashCode();
    }

    @Override
    public String toString() {
        return "TopologySettings[alertSettle=" + alertSettle + "]";
    }
}
