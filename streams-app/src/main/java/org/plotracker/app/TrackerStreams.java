package org.plotracker.app;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the tracker topology. An exception that escapes the topology's own handlers (which send
 * bad records to the dead-letter queue) stops this instance ({@code SHUTDOWN_CLIENT}) rather than retrying forever;
 * under exactly-once nothing it half-did becomes visible, and a restart resumes from the last commit.
 */
public final class TrackerStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerStreams.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private TrackerStreams(Topology topology, Properties properties) {
        this.streams = new KafkaStreams(topology, properties);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR) {
                failed.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(exception -> {
            failure.compareAndSet(null, exception);
            LOG.error("Tracker stopping after an unhandled error: {}", exception.toString(), exception);
            failed.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /** Creates and starts an instance; returns at once (see {@link #awaitRunning(Duration)}). */
    public static TrackerStreams start(Topology topology, Properties properties) {
        TrackerStreams instance = new TrackerStreams(topology, properties);
        instance.streams.start();
        return instance;
    }

    /**
     * Waits until the instance has joined the group and restored its state.
     *
     * @return false when the time ran out; throws when the instance failed instead
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running.await(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if (failed.getCount() == 0) {
                throw new IllegalStateException("the tracker failed while starting: " + failureDescription());
            }
        }
        return false;
    }

    /** Blocks until the instance fails or {@code timeout} passes; true when it failed. */
    public boolean awaitFailure(Duration timeout) throws InterruptedException {
        return failed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isHealthy() {
        KafkaStreams.State state = streams.state();
        return state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams kafkaStreams() {
        return streams;
    }

    public String failureDescription() {
        Throwable t = failure.get();
        return t == null ? "state " + streams.state() : t.toString();
    }

    /** Closes the instance: commits, closes state stores and leaves the group. */
    public void stop(Duration timeout) {
        boolean clean = streams.close(org.apache.kafka.streams.CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (!clean) {
            LOG.warn("Kafka Streams did not close within {}", timeout);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
