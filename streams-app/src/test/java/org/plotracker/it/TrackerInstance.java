package org.plotracker.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.app.AppConfig;
import org.plotracker.app.GracefulShutdown;
import org.plotracker.app.ProcessingProgress;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.app.TrackerService;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.publish.EventPublisher;

/**
 * One tracker instance in this JVM, started through the app's own path ({@link TrackerService}) against a running
 * cluster (the test's embedded stack or containers), as an external cluster: its topics are verified, not created.
 */
final class TrackerInstance implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final GracefulShutdown shutdown;
    private final TrackerService service;

    private TrackerInstance(GracefulShutdown shutdown, TrackerService service) {
        this.shutdown = shutdown;
        this.service = service;
    }

    /** The app's configuration for a cluster given by client properties (bootstrap, security) and registry URL. */
    static AppConfig config(Map<String, Object> clientProperties, String registryUrl, String applicationId,
                            Path stateDir, Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>();
        clientProperties.forEach((k, v) -> flags.put(k, String.valueOf(v)));
        flags.put("schema.registry.url", registryUrl);
        flags.put("application.id", applicationId);
        flags.put("state.dir", stateDir.toString());
        flags.put("auto.register.schemas", "true");
        flags.put("commit.interval.ms", "100");
        // every instance's workspace on a free port (two instances run in one JVM)
        flags.put("plo.http.port", "0");
        // the shipped settle interval and idle threshold: the expectations (ExpectedOutputs) run the same topology
        flags.putAll(extra);
        return AppConfig.resolve(Optional.empty(), Map.of(), flags);
    }

    static TrackerInstance start(AppConfig config) throws InterruptedException {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(30));
        try {
            return new TrackerInstance(shutdown, TrackerService.start(config, shutdown, banner -> { }, TIMEOUT));
        } catch (RuntimeException | InterruptedException e) {
            shutdown.close();
            throw e;
        }
    }

    TrackerService service() {
        return service;
    }

    /** Publishes through the real producer path (validated, Avro, registry, transactional). */
    static void publish(Map<String, Object> clientProperties, String registryUrl, List<? extends SpecificRecord> events,
                        int batchSize) {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put("schema.registry.url", registryUrl);
        settings.put("auto.register.schemas", "true");
        try (EventPublisher publisher = new EventPublisher(settings)) {
            for (int from = 0; from < events.size(); from += batchSize) {
                publisher.publishAll(events.subList(from, Math.min(events.size(), from + batchSize)));
            }
        }
    }

    /** Waits until every committed input record is processed and its outputs committed. */
    static void awaitCaughtUp(Map<String, Object> clientProperties, String applicationId,
                              java.util.function.BooleanSupplier healthy) throws Exception {
        try (ProcessingProgress progress = new ProcessingProgress(clientProperties, applicationId,
                Topics.INPUTS.stream().map(TopicSpec::name).toList())) {
            progress.awaitCaughtUp(TIMEOUT, healthy);
        }
    }

    void awaitCaughtUp() throws Exception {
        awaitCaughtUp(service.cluster().clientProperties(), service.cluster().config().applicationId(),
                service.streams()::isHealthy);
    }

    /**
     * Waits until every committed input record is processed and every decision they listed is taken and committed:
     * with the shipped settle interval the last events' decisions wait for the clock (the idle threshold), after
     * the input offsets are caught up.
     */
    void awaitDecided() throws Exception {
        awaitCaughtUp();
        if (!org.plotracker.topology.TrackerTopology.awaitAlertsSettled(service.streams().kafkaStreams(), TIMEOUT)) {
            throw new TimeoutException("decisions still pending after " + TIMEOUT);
        }
    }

    /**
     * Waits until the latest timeline of every patient on the output topics is the one {@code expected} ends with: a
     * timeline is written at every decision, as of its instant, so each patient's last decision has then been taken
     * and committed (for an app in another JVM, whose stores cannot be queried).
     */
    static TopicContents awaitOutputsLike(TopicContents expected, Map<String, Object> clientProperties,
                                          String registryUrl) throws TimeoutException {
        Map<String, String> wanted = expected.latestTimelines();
        return org.plotracker.testsupport.Conditions.waitFor(() -> {
            try {
                return outputs(clientProperties, registryUrl);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot read the output topics", e);
            }
        }, actual -> actual.latestTimelines().equals(wanted), TIMEOUT,
                "every patient's latest timeline to be the test driver's (her last decision taken)");
    }

    /** The committed contents of the output topics. */
    static TopicContents outputs(Map<String, Object> clientProperties, String registryUrl) throws TimeoutException {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put("schema.registry.url", registryUrl);
        return TopicContents.readCommitted(new TrackerOutputTopics(settings, TIMEOUT));
    }

    @Override
    public void close() {
        shutdown.close();
    }
}
