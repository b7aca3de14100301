package org.plotracker.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 *
 * <p>The tracker's clock ({@link TrackerClock}): {@value #IDLE_AFTER_MS} is how long a task goes without a record
 * before its clock follows the wall clock (default {@link #DEFAULT_IDLE_AFTER}); {@value #AS_OF} caps the clock at an
 * instant (an ISO date, meaning its midnight UTC, or an ISO instant), so that follow-up reminders and KPIs are judged
 * as of that moment (the demo's explicit "today"). Without it the clock is uncapped.
 */
public final class TopologySettings {

    /** Property of the alert settling window in milliseconds. */
    public static final String ALERT_SETTLE_MS = "plo.tracker.alert-settle-ms";
    /** The app's default settling window. */
    public static final Duration DEFAULT_ALERT_SETTLE = Duration.ofSeconds(3);

    /** Property: ms without a record before a task's clock follows the wall clock. */
    public static final String IDLE_AFTER_MS = "plo.tracker.idle-after-ms";
    /** Property: the as-of instant that caps the tracker's clock (ISO date or instant); absent = no cap. */
    public static final String AS_OF = "plo.tracker.as-of";
    /** The app's default for {@value #IDLE_AFTER_MS}. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(1);

    private static final Duration MIN_CHECK_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Duration alertSettle;
    private final Duration idleAfter;
    private final Instant asOf;

    private TopologySettings(Duration alertSettle) {
        this(alertSettle, DEFAULT_IDLE_AFTER, null);
    }

    private TopologySettings(Duration alertSettle, Duration idleAfter, Instant asOf) {
        Objects.requireNonNull(alertSettle, "alertSettle");
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (alertSettle.isNegative()) {
            throw new IllegalArgumentException("The alert settling window must not be negative, was " + alertSettle);
        }
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException(IDLE_AFTER_MS + " must not be negative, was " + idleAfter);
        }
        this.alertSettle = alertSettle;
        this.idleAfter = idleAfter;
        this.asOf = asOf;
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
        return new TopologySettings(settle, idleAfter, asOf);
    }

    /** These settings with another idle time before the clock follows the wall clock. */
    public TopologySettings idleAfter(Duration idle) {
        return new TopologySettings(alertSettle, idle, asOf);
    }

    /** These settings with the tracker's clock capped at {@code instant} (null: no cap). */
    public TopologySettings asOf(Instant instant) {
        return new TopologySettings(alertSettle, idleAfter, instant);
    }

    /** How long a task goes without a record before its clock follows the wall clock. */
    public Duration idleAfter() {
        return idleAfter;
    }

    /** The instant the tracker's clock never passes, if set. */
    public Optional<Instant> asOf() {
        return Optional.ofNullable(asOf);
    }

    /** The cap of the tracker's clock in epoch ms ({@link Long#MAX_VALUE} when uncapped). */
    public long clockCapMs() {
        return asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli();
    }

    /**
     * Parses an as-of value: an ISO date ({@code 2025-06-30}: its midnight UTC, so the day itself is not yet judged)
     * or an ISO instant ({@code 2025-06-30T12:00:00Z}).
     *
     * @throws IllegalArgumentException naming {@value #AS_OF} when it is neither
     */
    public static Instant parseAsOf(String text) {
        String t = text.trim();
        try {
            return t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(AS_OF + " must be an ISO date (2025-06-30) or instant"
                    + " (2025-06-30T12:00:00Z), was '" + t + "'");
        }
    }

    /**
     * The defaults overridden by {@value #ALERT_SETTLE_MS} when present (other keys are ignored, so the app can pass
     * its whole configuration).
     *
     * @throws IllegalArgumentException naming the key when the value is not a whole number of milliseconds ≥ 0
     */
    public static TopologySettings fromProperties(Map<?, ?> properties) {
        TopologySettings settings = alertSettleFrom(properties);
        Object idle = properties.get(IDLE_AFTER_MS);
        if (idle != null && !String.valueOf(idle).isBlank()) {
            long millis;
            try {
                millis = Long.parseLong(String.valueOf(idle).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(IDLE_AFTER_MS + " must be a whole number of milliseconds, was '"
                        + idle + "'");
            }
            if (millis < 0) {
                throw new IllegalArgumentException(IDLE_AFTER_MS + " must be 0 or more, was " + millis);
            }
            settings = settings.idleAfter(Duration.ofMillis(millis));
        }
        Object asOf = properties.get(AS_OF);
        if (asOf != null && !String.valueOf(asOf).isBlank()) {
            settings = settings.asOf(parseAsOf(String.valueOf(asOf)));
        }
        return settings;
    }

    private static TopologySettings alertSettleFrom(Map<?, ?> properties) {
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
        return o instanceof TopologySettings other && other.alertSettle.equals(alertSettle)
                && other.idleAfter.equals(idleAfter) && Objects.equals(other.asOf, asOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertSettle, idleAfter, asOf);
    }

    @Override
    public String toString() {
        return "TopologySettings[alertSettle=" + alertSettle + ", idleAfter=" + idleAfter
                + (asOf == null ? "" : ", asOf=" + asOf) + "]";
    }
}
