package org.plotracker.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.plotracker.topology.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the tracker does when a stream thread fails (the exception handlers let only retriable faults and bugs through;
 * bad input never gets here). Project policy, documented in docs/reliability.md:
 * <ul>
 *   <li>retriable (registry or broker away, a timeout): replace the thread after a backoff that doubles from
 *       {@link #FIRST_BACKOFF} to {@link #MAX_BACKOFF}, for as long as the fault lasts. The replaced thread resumes
 *       from the last commit (exactly-once aborted the rest), so nothing is skipped and nothing dead-lettered. Health
 *       reports "retrying" until a thread runs again for {@link #QUIET_PERIOD};</li>
 *   <li>a bug or unreadable state: replace the thread after {@link #FIRST_BACKOFF}; the {@link #MAX_BUG_FAILURES}th
 *       such failure within {@link #BUG_WINDOW} stops the instance ({@code SHUTDOWN_CLIENT}) with a message that says
 *       why. Replacing once or twice rides out a one-off (say, a corrupted local store that is restored from its
 *       changelog); the same record failing again and again is a bug an operator must see.</li>
 * </ul>
 * The handler runs on the failing stream thread, so the backoff delays only that thread's replacement.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration QUIET_PERIOD = Duration.ofMinutes(2);
    static final int MAX_BUG_FAILURES = 3;
    static final Duration BUG_WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Consumer<Throwable> onStop;
    private final Deque<Instant> bugFailures = new ArrayDeque<>();
    private int retriableAttempts;
    private Instant lastRetriable = Instant.MIN;
    private volatile String retrying;

    /** Sleeps on the failing thread; a seam so that the policy can be checked without waiting. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    StreamThreadFailures(Consumer<Throwable> onStop) {
        this(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), onStop);
    }

    StreamThreadFailures(Clock clock, Sleeper sleeper, Consumer<Throwable> onStop) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.onStop = onStop;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        FailureClass kind = FailureClass.of(exception);
        Duration backoff;
        synchronized (this) {
            Instant now = clock.instant();
            if (kind == FailureClass.RETRIABLE) {
                if (Duration.between(lastRetriable, now).compareTo(QUIET_PERIOD) > 0) {
                    retriableAttempts = 0;
                }
                retriableAttempts++;
                lastRetriable = now;
                backoff = backoff(retriableAttempts);
                retrying = "retrying since " + now + " (attempt " + retriableAttempts + "): "
                        + FailureClass.rootCause(exception);
                LOG.warn("Retriable fault, attempt {}: {}. Nothing was dead-lettered or skipped; the stream thread "
                        + "is replaced in {} s and resumes from its last commit", retriableAttempts,
                        FailureClass.rootCause(exception), backoff.toSeconds());
            } else {
                while (!bugFailures.isEmpty() && Duration.between(bugFailures.peekFirst(), now).compareTo(BUG_WINDOW) > 0) {
                    bugFailures.removeFirst();
                }
                bugFailures.addLast(now);
                if (bugFailures.size() >= MAX_BUG_FAILURES) {
                    LOG.error("Stopping the tracker: a stream thread failed {} times within {} min on an error that "
                            + "is neither bad input nor a passing outage (a bug or unreadable state). Nothing was "
                            + "dead-lettered; the records stay on their topics and are processed after the cause is "
                            + "fixed and the tracker restarted. Last failure: {}", bugFailures.size(),
                            BUG_WINDOW.toMinutes(), FailureClass.rootCause(exception), exception);
                    onStop.accept(exception);
                    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                }
                backoff = FIRST_BACKOFF;
                LOG.error("Stream thread failed ({} of {} allowed within {} min; a bug or unreadable state, not "
                        + "dead-lettered); replacing it in {} s", bugFailures.size(), MAX_BUG_FAILURES - 1,
                        BUG_WINDOW.toMinutes(), backoff.toSeconds(), exception);
            }
        }
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted during the backoff: stopping instead of replacing the stream thread");
            onStop.accept(exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static Duration backoff(int attempt) {
        long seconds = FIRST_BACKOFF.toSeconds() << Math.min(attempt - 1, 10);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /** While a retriable fault has been seen within the quiet period: what is being retried, for health checks. */
    Optional<String> retrying() {
        synchronized (this) {
            if (retrying != null && Duration.between(lastRetriable, clock.instant()).compareTo(QUIET_PERIOD) > 0) {
                retrying = null;
            }
            return Optional.ofNullable(retrying);
        }
    }
}
