package org.plotracker.publish;

import java.time.Duration;
import java.util.Map;

/**
 * A committed batch.
 *
 * @param published     number of events committed
 * @param perTopic      events committed per topic name
 * @param elapsed       time from the start of the transaction to its commit
 */
public record PublishResult(int published, Map<String, Integer> perTopic, Duration elapsed) {

    public PublishResult {
        perTopic = Map.copyOf(perTopic);
    }

    /** Events per second over {@link #elapsed()}. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : published / seconds;
    }
}
