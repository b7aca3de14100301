package org.plotracker.topology;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the main consumer of the current stream thread is behind on each partition it is assigned, as of its last
 * poll ({@link LagRecordingClientSupplier} records it). The tracker's clock follows the wall clock only while a task
 * is caught up and idle: a task can go without records for seconds in the middle of a replay (the consumer fetching
 * other partitions first), and must not then take every pending decision as of today.
 *
 * <p>Kept per thread: the stream thread polls its consumer and runs its processors, so each processor sees exactly
 * the consumer that feeds it, two instances in one JVM never mix, and a replaced stream thread starts with none. A
 * thread whose consumer records nothing (TopologyTestDriver, or an application that sets its own
 * {@code default.client.supplier}) counts as caught up: idleness alone decides there.
 */
public final class InputLag {

    /** Lag of a partition whose position or end offset the consumer does not know yet. */
    public static final long UNKNOWN = -1L;

    private static final ThreadLocal<Map<TopicPartition, Long>> LAGS = new ThreadLocal<>();

    private InputLag() {
    }

    /** Records the lags the current thread's consumer knows after a poll ({@link #UNKNOWN} where it knows none). */
    static void record(Map<TopicPartition, Long> lags) {
        LAGS.set(Map.copyOf(lags));
    }

    /**
     * True when the current thread's consumer has nothing left to fetch on any assigned partition numbered
     * {@code partition} (the partitions of one task share its number), or records no lag at all.
     */
    public static boolean caughtUp(int partition) {
        Map<TopicPartition, Long> lags = LAGS.get();
        if (lags == null) {
            return true;
        }
        for (Map.Entry<TopicPartition, Long> lag : lags.entrySet()) {
            if (lag.getKey().partition() == partition && lag.getValue() != 0L) {
                return false;
            }
        }
        return true;
    }
}
