package org.plotracker.benchmarks.load;

import java.util.List;
import java.util.Map;

/** The harness's result file (JSON), one record per part. */
final class Results {

    private Results() {
    }

    /** The whole run. */
    /** @param unmeasured points the run could not measure, with the reason (absent in files of older runs) */
    record Run(String label, String startedAt, String finishedAt, Machine machine, String target, Settings settings,
               List<Point> points, List<Unmeasured> unmeasured, Latency latency, List<Target> targets) {
    }

    /** A point that could not be measured, e.g. because one of its phases ran past {@code --timeout-seconds}. */
    record Unmeasured(int repetition, int patients, int eventsPerPatient, String reason) {
    }

    /** The machine and its load (1-minute load averages read from /proc/loadavg at the start and end of each part). */
    record Machine(int cores, long maxHeapBytes, String java, String os, String gitCommit) {
    }

    record Settings(int partitions, long seed, int repetitions, Map<String, String> trackerStreamsSettings,
                    long alertSettleMs) {
    }

    /**
     * One measured cohort: the same events read by the raw consumer, the pass-through Streams app and the tracker.
     *
     * @param eventPayloadBytes   average key + value bytes of one published event
     * @param eventBytesOnDisk    average bytes one event takes in the input topics' log directories
     * @param changelogs          per store: offsets and bytes on disk of its changelog after the tracker's run
     * @param changelogBytesOnDiskPerEvent all changelogs' bytes on disk divided by the events
     * @param stateBytes          the tracker's local state directory after a clean close
     * @param loadAverage         1-minute load average at the start and at the end of this point
     */
    record Point(int repetition, int patients, int eventsPerPatient, long events, double eventPayloadBytes,
                 double eventBytesOnDisk, double publishSeconds, Rate raw, Rate passThrough, Rate tracker,
                 double trackerToPassThrough, double trackerToRaw, double passThroughToRaw, long deadLetters,
                 long trackerOutputRecords, Map<String, Changelogs.Written> changelogs,
                 double changelogBytesOnDiskPerEvent, double changelogPayloadBytesPerEvent, long stateBytes,
                 Restore restore, double[] loadAverage) {
    }

    /**
     * @param records        records the application processed (counted)
     * @param seconds        between the first and the last record (the raw consumer: its whole read)
     * @param eventsPerSecond records per second over {@code seconds}
     * @param microsPerEvent 1e6 / eventsPerSecond
     * @param wallSeconds    from start to the end offsets committed (start-up, idling and final commit included)
     * @param startupSeconds from start to RUNNING
     */
    record Rate(long records, double seconds, double eventsPerSecond, double microsPerEvent, double wallSeconds,
                double startupSeconds) {
        static Rate of(long records, double seconds, double eventsPerSecond, double wallSeconds,
                       double startupSeconds) {
            return new Rate(records, seconds, eventsPerSecond, 1e6 / eventsPerSecond, wallSeconds, startupSeconds);
        }
    }

    /**
     * Restore after the local state was deleted, against a plain read of the same changelogs.
     *
     * @param secondsToRunning      from start to RUNNING (group join, restoration)
     * @param restoreSeconds        from the first store's restoration start to the last one's end
     * @param recordsRestored       records the restore listener reported
     * @param changelogReadSeconds  a byte[] read_committed consumer reading every changelog from its start
     * @param changelogRecords      records that read returned
     * @param changelogPayloadBytes their keys and values
     * @param restoreToRead         restoreSeconds / changelogReadSeconds
     */
    record Restore(double secondsToRunning, double restoreSeconds, long recordsRestored, double changelogReadSeconds,
                   long changelogRecords, long changelogPayloadBytes, double restoreToRead) {
    }

    /**
     * Publish → alert visible to a read_committed consumer, at a steady rate, with the app's settling window.
     *
     * @param fromTrigger       from publishing the event the alert names as its trigger
     * @param fromLastEvent     from publishing the patient's last event before the alert became visible
     * @param warmupSeconds     the first seconds of publishing, while the fresh tracker's JVM compiles its code
     * @param afterWarmup       from the trigger, for the alerts whose trigger was published after the warm-up
     */
    record Latency(double targetRate, double achievedRate, long events, long alerts, long alertSettleMs,
                   Percentiles fromTrigger, Percentiles fromLastEvent, long deadLetters, double[] loadAverage,
                   double warmupSeconds, Percentiles afterWarmup) {
    }

    record Percentiles(long count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    }

    /** One of the targets: met or not, with the figure. */
    record Target(String name, String goal, String figure, Boolean met) {
    }
}
