package org.plotracker.topology;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the tracker topology itself (not of Kafka Streams): the settle interval and the idle threshold of the
 * tracker's clock (docs/architecture.md, "Decisions on recorded time").
 *
 * <p>Every accepted event version lists a decision instant, its {@code recordedAt}. The patient is decided as of that
 * instant once the tracker's clock ({@link TrackerClock}) has passed it by {@link #alertSettle()}: events of one
 * submission that travel through different topics, and so arrive in any order, are all known by then. The interval is
 * recorded time, so a replay takes the same decisions as live processing. {@link Duration#ZERO} decides as soon as
 * the clock reaches the instant.
 *
 * <p>Properties {@value #ALERT_SETTLE_MS} and {@value #IDLE_AFTER_MS} (milliseconds, ≥ 0); the app's defaults are
 * {@link #DEFAULT_ALERT_SETTLE} and {@link #DEFAULT_IDLE_AFTER}.
 */
public final class TopologySettings {

    /** Property of the settle interval in milliseconds of recorded time. */
    public static final String ALERT_SETTLE_MS = "plo.tracker.alert-settle-ms";
    /** Property: milliseconds without a record after which a task's clock follows the wall clock. */
    public static final String IDLE_AFTER_MS = "plo.tracker.idle-after-ms";
    /** The app's default settle interval. */
    public static final Duration DEFAULT_ALERT_SETTLE = Duration.ofSeconds(3);
    /**
     * The app's default idle threshold: shorter than the settle interval, so that a live decision waits for the
     * settle interval alone; long enough that a replay, which is never idle that long, decides on recorded time.
     */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(2);
    /** Property: event versions of recently decided patients each task keeps decoded in memory (0 = none). */
    public static final String RECENT_PATIENT_VERSIONS = "plo.tracker.recent-patient-versions";
    /**
     * Project policy: 10,000 versions per task, a few MB of heap (a decoded version of the load harness's synthetic
     * cohort measured 0.2 KB on average, its timeline entry about as much again; a scan of many sites takes more): a
     * few hundred long histories or a few thousand short ones, enough that a replay does not re-read a history it
     * decided moments ago (docs/architecture.md, "Cost of a decision").
     */
    public static final int DEFAULT_RECENT_PATIENT_VERSIONS = 10_000;

    private static final Duration MIN_CHECK_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofMillis(100);

    private final Duration alertSettle;
    private final Duration idleAfter;
    /** The as-of instant capping the tracker's clock; null = no cap. */
    private final java.time.Instant asOf;
    private final int recentPatientVersions;

    private TopologySettings(Duration alertSettle, Duration idleAfter) {
        this(alertSettle, idleAfter, null, DEFAULT_RECENT_PATIENT_VERSIONS);
    }

    private TopologySettings(Duration alertSettle, Duration idleAfter, java.time.Instant asOf,
                             int recentPatientVersions) {
        Objects.requireNonNull(alertSettle, "alertSettle");
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (alertSettle.isNegative()) {
            throw new IllegalArgumentException("The settle interval must not be negative, was " + alertSettle);
        }
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException("The idle threshold must not be negative, was " + idleAfter);
        }
        this.alertSettle = alertSettle;
        this.idleAfter = idleAfter;
        if (recentPatientVersions < 0) {
            throw new IllegalArgumentException(RECENT_PATIENT_VERSIONS + " must be 0 or more, was "
                    + recentPatientVersions);
        }
        this.asOf = asOf;
        this.recentPatientVersions = recentPatientVersions;
    }

    /** The app's defaults: {@link #DEFAULT_ALERT_SETTLE} and {@link #DEFAULT_IDLE_AFTER}. */
    public static TopologySettings defaults() {
        return new TopologySettings(DEFAULT_ALERT_SETTLE, DEFAULT_IDLE_AFTER);
    }

    /** No settle interval: a patient is decided as soon as the clock reaches her event's recordedAt. */
    public static TopologySettings immediate() {
        return new TopologySettings(Duration.ZERO, DEFAULT_IDLE_AFTER);
    }

    /** These settings with another settle interval ({@link Duration#ZERO} = decide at once). */
    public TopologySettings alertSettle(Duration settle) {
        return new TopologySettings(settle, idleAfter, asOf, recentPatientVersions);
    }

    /** These settings with another idle threshold. */
    public TopologySettings idleAfter(Duration idle) {
        return new TopologySettings(alertSettle, idle, asOf, recentPatientVersions);
    }

    /** Property: the as-of instant that caps the tracker's clock (ISO date or instant); absent = no cap. */
    public static final String AS_OF = "plo.tracker.as-of";

    /** These settings with the tracker's clock capped at {@code instant} (null: no cap). */
    public TopologySettings asOf(java.time.Instant instant) {
        return new TopologySettings(alertSettle, idleAfter, instant, recentPatientVersions);
    }

    /** These settings with another bound on the decoded versions each task keeps ({@link RecentPatients}). */
    public TopologySettings recentPatientVersions(int versions) {
        return new TopologySettings(alertSettle, idleAfter, asOf, versions);
    }

    /** Event versions of recently decided patients each task keeps decoded in memory (0 = none). */
    public int recentPatientVersions() {
        return recentPatientVersions;
    }

    /** The instant the tracker's clock never passes, if set. */
    public java.util.Optional<java.time.Instant> asOf() {
        return java.util.Optional.ofNullable(asOf);
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
    public static java.time.Instant parseAsOf(String text) {
        String t = text.trim();
        try {
            return t.contains("T") ? java.time.Instant.parse(t)
                    : java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(AS_OF + " must be an ISO date (2025-06-30) or instant"
                    + " (2025-06-30T12:00:00Z), was '" + t + "'");
        }
    }

    /**
     * The defaults overridden by {@value #ALERT_SETTLE_MS} and {@value #IDLE_AFTER_MS} when present (other keys are
     * ignored, so the app can pass its whole configuration).
     *
     * @throws IllegalArgumentException naming the key when a value is not a whole number of milliseconds ≥ 0
     */
    public static TopologySettings fromProperties(Map<?, ?> properties) {
        Object asOf = properties.get(AS_OF);
        return new TopologySettings(
                Duration.ofMillis(nonNegative(properties, ALERT_SETTLE_MS, DEFAULT_ALERT_SETTLE.toMillis(), MILLIS)),
                Duration.ofMillis(nonNegative(properties, IDLE_AFTER_MS, DEFAULT_IDLE_AFTER.toMillis(), MILLIS)),
                asOf == null || String.valueOf(asOf).isBlank() ? null : parseAsOf(String.valueOf(asOf)),
                (int) Math.min(Integer.MAX_VALUE, nonNegative(properties, RECENT_PATIENT_VERSIONS,
                        DEFAULT_RECENT_PATIENT_VERSIONS, "")));
    }

    private static final String MILLIS = " of milliseconds";

    /** The whole number ≥ 0 under {@code key}, or {@code fallback} when absent or blank. */
    private static long nonNegative(Map<?, ?> properties, String key, long fallback, String unit) {
        Object value = properties.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            return fallback;
        }
        String text = String.valueOf(value).trim();
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number" + unit + ", was '" + text + "'");
        }
        if (number < 0) {
            throw new IllegalArgumentException(key + " must be 0 or more, was " + number);
        }
        return number;
    }

    /** How far (recorded time) the tracker's clock must pass an instant before the patient is decided as of it. */
    public Duration alertSettle() {
        return alertSettle;
    }

    /** How long a task must go without a record before its clock follows the wall clock. */
    public Duration idleAfter() {
        return idleAfter;
    }

    /** True when patients are decided as soon as the clock reaches an instant (no settle interval). */
    public boolean emitsAlertsImmediately() {
        return alertSettle.isZero();
    }

    /**
     * How often the wall-clock punctuator looks for due decisions (an idle task's clock moves only there): a quarter
     * of the settle interval, between 10 and 100 ms, so a live decision is taken at most 100 ms after it is due. One
     * look reads only the due entries of the index.
     */
    public Duration alertCheckInterval() {
        Duration quarter = alertSettle.dividedBy(4);
        if (quarter.compareTo(MIN_CHECK_INTERVAL) < 0) {
            return alertSettle.isZero() ? MAX_CHECK_INTERVAL : MIN_CHECK_INTERVAL;
        }
        return quarter.compareTo(MAX_CHECK_INTERVAL) > 0 ? MAX_CHECK_INTERVAL : quarter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopologySettings other && other.alertSettle.equals(alertSettle)
                && other.idleAfter.equals(idleAfter) && java.util.Objects.equals(other.asOf, asOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertSettle, idleAfter);
    }

    @Override
    public String toString() {
        return "TopologySettings[alertSettle=" + alertSettle + ", idleAfter=" + idleAfter + "]";
    }
}
