package org.plotracker.app;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The tracker as the {@code run} and {@code demo} commands hold it in the foreground: started with a shutdown hook
 * (Ctrl-C / SIGTERM stop it cleanly) and the cluster banner printed on the command's output, then served until a stop
 * is requested or its streams fail. Closing it stops the streams and the cluster.
 */
final class ForegroundTracker implements AutoCloseable {

    private static final Duration FAILURE_POLL = Duration.ofMillis(500);

    private final GracefulShutdown shutdown;
    private final TrackerService service;

    private ForegroundTracker(GracefulShutdown shutdown, TrackerService service) {
        this.shutdown = shutdown;
        this.service = service;
    }

    /**
     * Connects to (or starts) the cluster of {@code config} and starts the tracker, printing where the cluster listens
     * on {@code out} as soon as it is up.
     *
     * @throws IllegalStateException when the tracker is not RUNNING within {@code startTimeout}
     */
    static ForegroundTracker start(AppConfig config, PrintWriter out, Duration startTimeout)
            throws InterruptedException {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(config.shutdownTimeoutSeconds()))
                .installHook();
        try {
            TrackerService service = TrackerService.start(config, shutdown, banner -> {
                out.println(banner);
                out.flush();
            }, startTimeout);
            return new ForegroundTracker(shutdown, service);
        } catch (Throwable e) {
            shutdown.close();
            throw e;
        }
    }

    TrackerService service() {
        return service;
    }

    /**
     * Blocks until a stop is requested (Ctrl-C / SIGTERM) or the tracker's streams fail.
     *
     * @return 0 when stopped on request; {@link PloTrackerApp#FAILED} when the streams failed, after saying why on
     *     {@code err}
     */
    int serveUntilStopped(PrintWriter err) throws InterruptedException {
        while (!shutdown.shutdownRequested()) {
            if (service.streams().awaitFailure(FAILURE_POLL)) {
                err.println("plo-tracker stopped: " + service.streams().failureDescription());
                return PloTrackerApp.FAILED;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        shutdown.close();
    }
}
