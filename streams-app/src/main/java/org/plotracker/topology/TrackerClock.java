package org.plotracker.topology;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The tracker's clock for one task (docs/architecture.md, "Three clocks"): the task's stream time, that is the largest
 * {@code recordedAt} processed, advanced to the wall clock only while the task is idle (no record processed for
 * {@code idleAfter}). During a replay the task is never idle, so decisions follow recorded time alone and a replay
 * reaches the decisions live processing reached. When records flow again after an idle spell the clock is stream
 * time again: a batch of historical events published to an idle tracker is decided on its own recorded time, not
 * event by event at the moment each arrives (decisions already taken stay taken; stream time never goes back).
 *
 * <p>Not thread-safe: one instance per processor instance, used on its stream thread.
 */
public final class TrackerClock {

    private final LongSupplier streamTime;
    private final LongSupplier wallClock;
    private final long idleAfterMs;
    private long lastRecordWallMs;

    /**
     * @param streamTime the task's stream time in ms (e.g. {@code context::currentStreamTimeMs}); negative when the
     *                   task has not processed a record yet
     * @param wallClock  the wall clock in ms (e.g. {@code context::currentSystemTimeMs}, mocked by TopologyTestDriver)
     * @param idleAfter  how long without a record before the clock follows the wall clock
     */
    public TrackerClock(LongSupplier streamTime, LongSupplier wallClock, Duration idleAfter) {
        this.streamTime = Objects.requireNonNull(streamTime, "streamTime");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(idleAfter, "idleAfter");
        if (idleAfter.isNegative()) {
            throw new IllegalArgumentException("idleAfter must not be negative, was " + idleAfter);
        }
        this.idleAfterMs = idleAfter.toMillis();
        this.lastRecordWallMs = wallClock.getAsLong();
    }

    /** Call for every record processed: the task is busy, the clock is its stream time. */
    public void recordProcessed() {
        lastRecordWallMs = wallClock.getAsLong();
    }

    /** True when no record was processed for {@code idleAfter}: the clock then follows the wall clock. */
    public boolean idle() {
        return wallClock.getAsLong() - lastRecordWallMs >= idleAfterMs;
    }

    /** The tracker's time in epoch milliseconds: stream time, or the wall clock when later and the task is idle. */
    public long now() {
        long time = streamTime.getAsLong();
        return idle() ? Math.max(time, wallClock.getAsLong()) : time;
    }
}
