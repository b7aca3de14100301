package org.plotracker.topology;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The tracker's clock for one processor instance (docs/architecture.md, "Three clocks"): the largest {@code recordedAt}
 * the processor accepted, advanced to the wall clock only while the task is caught up (its consumer has nothing left
 * to fetch, {@link InputLag}) and idle (no record processed for {@code idleAfter}). Idle alone is not enough: in the
 * middle of a replay a task can wait seconds for its next fetch while the thread serves others. It is not the task's
 * stream time: the task also reads acknowledgements, whose records carry wall-clock time. During a replay the task is
 * never caught up, so decisions follow recorded time alone and a replay reaches the decisions live processing
 * reached. When records flow again after an idle spell the clock is recorded
 * time again: a batch of historical events published to an idle tracker is decided on its own recorded time, not
 * event by event at the moment each arrives (decisions already taken stay taken; the clock never goes back).
 *
 * <p>A processor creates its clock in {@code init}: a revived task calls {@code init} again after the records read
 * since the last commit were aborted, and its clock starts afresh like a new instance's.
 *
 * <p>Not thread-safe: one instance per processor instance, used on its stream thread.
 */
public final class TrackerClock {

    private final LongSupplier wallClock;
    private final BooleanSupplier caughtUp;
    private final long idleAfterMs;
    private final long capMs;
    private long lastRecordWallMs;
    private long latestAccepted = Long.MIN_VALUE;

    /**
     * @param wallClock  the wall clock in ms (e.g. {@code context::currentSystemTimeMs}, mocked by TopologyTestDriver)
     * @param idleAfter  how long without a record before the clock follows the wall clock
     */
    public TrackerClock(LongSupplier wallClock, Duration idleAfter) {
        this(wallClock, () -> true, idleAfter, Long.MAX_VALUE);
    }

    /**
     * As {@link #TrackerClock(LongSupplier, Duration)}, following the wall clock only while {@code caughtUp} says the
     * task has nothing left to read (e.g. {@code () -> InputLag.caughtUp(context.taskId().partition())}), and never
     * passing {@code capMs} (epoch ms): the as-of instant ({@link TopologySettings#asOf()}) at which follow-up is
     * judged, e.g. by the demo.
     */
    public TrackerClock(LongSupplier wallClock, BooleanSupplier caughtUp, Duration idleAfter, long capMs) {
        this.capMs = capMs;
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.caughtUp = Objects.requireNonNull(caughtUp, "caughtUp");
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException("idleAfter must not be negative, was " + idleAfter);
        }
        this.idleAfterMs = idleAfter.toMillis();
        this.lastRecordWallMs = wallClock.getAsLong();
    }

    /** Call for every record processed, accepted or not: the task is busy, the clock is recorded time. */
    public void recordProcessed() {
        lastRecordWallMs = wallClock.getAsLong();
    }

    /** Call with the {@code recordedAt} (epoch ms) of every record the processor accepted; it never goes back. */
    public void recordAccepted(long recordedAtMs) {
        latestAccepted = Math.max(latestAccepted, recordedAtMs);
    }

    /**
     * True when no record was processed for {@code idleAfter} and the task is caught up: the clock then follows the
     * wall clock.
     */
    public boolean idle() {
        return wallClock.getAsLong() - lastRecordWallMs >= idleAfterMs && caughtUp.getAsBoolean();
    }

    /**
     * The tracker's time in epoch milliseconds: the latest accepted {@code recordedAt}, or the wall clock when later
     * and the task is caught up and idle; {@link Long#MIN_VALUE} before the first accepted record of a busy task.
     */
    public long now() {
        long time = latestAccepted;
        return Math.min(idle() ? Math.max(time, wallClock.getAsLong()) : time, capMs);
    }
}
