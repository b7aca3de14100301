package org.plotracker.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes what the app started, in reverse order of starting (Kafka Streams before the broker it writes to), once:
 * on SIGINT/SIGTERM through a JVM shutdown hook, or when the command ends by itself.
 *
 * <p>The main thread waits in {@link #awaitShutdownRequest()}; the shutdown hook releases it and then waits until
 * everything is closed, so that the JVM does not exit with the broker half-stopped.
 */
public final class GracefulShutdown implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    /** Something that can be closed within a time limit. */
    @FunctionalInterface
    public interface Stoppable {
        void stop(Duration timeout) throws Exception;
    }

    private record Step(String name, Stoppable stoppable) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration timeout;
    private Thread hook;
    private boolean closing;

    public GracefulShutdown(Duration timeout) {
        this.timeout = timeout;
    }

    /** Registers the JVM shutdown hook (SIGINT, SIGTERM, normal exit). */
    public GracefulShutdown installHook() {
        hook = new Thread(this::onSignal, "plo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** Adds something to stop; it will be stopped before everything registered earlier. */
    public synchronized void register(String name, Stoppable stoppable) {
        if (closing) {
            throw new IllegalStateException("shutting down: cannot register " + name);
        }
        steps.push(new Step(name, stoppable));
    }

    /** Asks the waiting main thread to finish (as a signal would). */
    public void requestShutdown() {
        shutdownRequested.countDown();
    }

    /** Blocks until a signal or {@link #requestShutdown()}. */
    public void awaitShutdownRequest() throws InterruptedException {
        shutdownRequested.await();
    }

    public boolean shutdownRequested() {
        return shutdownRequested.getCount() == 0;
    }

    private void onSignal() {
        LOG.info("Shutdown requested: stopping");
        shutdownRequested.countDown();
        close();
        try {
            // close() may be running on the main thread already; wait for it so the JVM exits with everything stopped.
            closed.await(timeout.toMillis() * Math.max(1, steps.size() + 1), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Shutdown complete");
        // The app's log4j2.xml disables log4j's own shutdown hook, so that the lines above are still written;
        // logging is flushed and stopped here, last.
        org.apache.logging.log4j.LogManager.shutdown();
    }

    /** Stops every registered step, latest first; idempotent; never throws (failures are logged). */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        shutdownRequested.countDown();
        try {
            while (true) {
                Step step;
                synchronized (this) {
                    step = steps.poll();
                }
                if (step == null) {
                    break;
                }
                long start = System.nanoTime();
                try {
                    step.stoppable().stop(timeout);
                    LOG.info("Stopped {} in {} ms", step.name(), (System.nanoTime() - start) / 1_000_000);
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed: {}", step.name(), e.toString());
                }
            }
        } finally {
            closed.countDown();
            removeHook();
        }
    }

    private void removeHook() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is exiting; the hook is running or has run
            }
        }
    }
}
