package org.plotracker.app;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the tracker topology. An exception that escapes the topology's own handlers (which send
 * bad records to the dead-letter queue) fails the stream thread; {@link StreamThreadFailures} replaces it after a
 * backoff (retriable faults, for as long as they last) or stops this instance after repeated bugs. Under exactly-once
 * nothing a failed thread half-did becomes visible, and its replacement resumes from the last commit.
 */
public final class TrackerStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerStreams.class);

    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch failed = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final StreamThreadFailures threadFailures;

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
        this.threadFailures = new StreamThreadFailures(exception -> {
            failure.compareAndSet(null, exception);
            failed.countDown();
        });
        streams.setUncaughtExceptionHandler(threadFailures);
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

    /**
     * Set while the tracker retries a passing fault (registry or broker away): what it retries and since when. The
     * instance is alive but not ready; nothing is dead-lettered meanwhile.
     */
    public java.util.Optional<String> retrying() {
        return threadFailures.retrying();
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
