package org.plotracker.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One Kafka Streams application under measurement, started at a given offset range of its input topics. A counting
 * processor is attached as the last child of each input source, so it sees every record right after the
 * application's own nodes have processed it (Kafka Streams forwards depth-first, children in the order added); the
 * processing rate is taken between the first and the last record it counts, which leaves out start-up and the final
 * commit. The end of a run is the application's committed offsets reaching the end of the range.
 */
final class StreamsApp implements AutoCloseable {

    static final String COUNTER = "load-harness-counter";

    private final String applicationId;
    private final KafkaStreams streams;
    private final Counter counter = new Counter();
    private final Restores restores = new Restores();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long runningAt;
    private long startedAt;

    private StreamsApp(Topology topology, Properties properties, Collection<String> inputTopics) {
        this.applicationId = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        List<String> sources = sourcesOf(topology, inputTopics);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("The topology reads none of " + inputTopics);
        }
        topology.addProcessor(COUNTER, () -> new CountingProcessor(counter), sources.toArray(String[]::new));
        this.streams = new KafkaStreams(topology, properties);
        streams.setGlobalStateRestoreListener(restores);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && runningAt == 0) {
                runningAt = System.nanoTime();
            }
        });
    }

    /** Creates the application; its consumer group starts at {@code start} (unless it has committed offsets). */
    static StreamsApp create(Topology topology, Properties properties, Collection<String> inputTopics) {
        return new StreamsApp(topology, properties, inputTopics);
    }

    String applicationId() {
        return applicationId;
    }

    KafkaStreams streams() {
        return streams;
    }

    StreamsApp start() {
        startedAt = System.nanoTime();
        streams.start();
        return this;
    }

    boolean healthy() {
        KafkaStreams.State state = streams.state();
        return failure.get() == null && state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }

    void awaitRunning(Duration timeout) throws InterruptedException {
        Offsets.await(applicationId + " RUNNING", timeout, Duration.ofMillis(10), this::healthy,
                () -> runningAt != 0);
    }

    /** Waits until the application has committed the end of every input partition of the range. */
    void awaitCaughtUp(Offsets offsets, Map<TopicPartition, Long> end, Duration timeout) throws InterruptedException {
        Offsets.await(applicationId + " caught up (" + counter.count() + " records counted)", timeout,
                Duration.ofMillis(50), this::healthy, () -> offsets.caughtUp(applicationId, end));
    }

    /** Seconds from {@link #start()} to RUNNING. */
    double secondsToRunning() {
        return (runningAt - startedAt) / 1e9;
    }

    /** Seconds from {@link #start()} to now. */
    double secondsSinceStart() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    Counter counter() {
        return counter;
    }

    Restores restores() {
        return restores;
    }

    String failureMessage() {
        Throwable t = failure.get();
        return t == null ? "state " + streams.state() : t.toString();
    }

    /** Closes and leaves the group, so the next instance with this id (the restore) is not held up by it. */
    @Override
    public void close() {
        streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(60))
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    private static List<String> sourcesOf(Topology topology, Collection<String> inputTopics) {
        List<String> names = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null
                        && !Collections.disjoint(source.topicSet(), inputTopics)) {
                    names.add(source.name());
                }
            }
        }
        return names;
    }

    /** Counts records and remembers when the first and the latest were seen. */
    static final class Counter {
        private final AtomicLong count = new AtomicLong();
        private volatile long first;
        private volatile long last;

        void tick() {
            long now = System.nanoTime();
            if (count.getAndIncrement() == 0) {
                first = now;
            }
            last = now;
        }

        long count() {
            return count.get();
        }

        /** Records per second between the first and the last record, or NaN with fewer than two. */
        double eventsPerSecond() {
            long n = count.get();
            return n < 2 ? Double.NaN : (n - 1) / ((last - first) / 1e9);
        }

        double seconds() {
            return (last - first) / 1e9;
        }
    }

    private static final class CountingProcessor implements Processor<Object, Object, Void, Void> {
        private final Counter counter;

        CountingProcessor(Counter counter) {
            this.counter = counter;
        }

        @Override
        public void process(Record<Object, Object> record) {
            counter.tick();
        }
    }

    /** Restoration of state stores from their changelogs: first start, last end, records restored. */
    static final class Restores implements StateRestoreListener {
        private final AtomicLong records = new AtomicLong();
        private volatile long firstStart;
        private volatile long lastEnd;

        @Override
        public synchronized void onRestoreStart(TopicPartition partition, String store, long startOffset,
                                                long endOffset) {
            if (firstStart == 0) {
                firstStart = System.nanoTime();
            }
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
            records.addAndGet(restored);
        }

        @Override
        public synchronized void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            lastEnd = System.nanoTime();
        }

        long records() {
            return records.get();
        }

        /** Seconds from the first store's restoration start to the last one's end (0 when nothing was restored). */
        double seconds() {
            return firstStart == 0 || lastEnd == 0 ? 0 : (lastEnd - firstStart) / 1e9;
        }
    }
}
