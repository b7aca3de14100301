package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** The stream-thread failure policy, on a hand-moved clock (no waiting). */
class StreamThreadFailuresTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Duration> backoffs = new ArrayList<>();
    private final List<Throwable> stops = new ArrayList<>();
    private final StreamThreadFailures failures = new StreamThreadFailures(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, backoffs::add, stops::add);

    private static StreamsException outage() {
        return new StreamsException(new TimeoutException("broker away"));
    }

    @Test
    void aRetriableFaultReplacesTheThreadWithADoublingBackoffForAsLongAsItLastsAndReportsRetrying() {
        for (int attempt = 1; attempt <= 8; attempt++) {
            assertThat(failures.handle(outage())).isEqualTo(REPLACE_THREAD);
            now = now.plusSeconds(5);
        }
        assertThat(backoffs).extracting(Duration::toSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
        assertThat(stops).isEmpty();
        assertThat(failures.retrying()).get().asString().contains("attempt 8").contains("broker away");

        now = now.plus(StreamThreadFailures.QUIET_PERIOD).plusSeconds(1);
        assertThat(failures.retrying()).as("ready again after a quiet period").isEmpty();
        failures.handle(outage());
        assertThat(backoffs.get(backoffs.size() - 1)).as("a new outage starts the backoff over").hasSeconds(1);
    }

    @Test
    void aBugReplacesTheThreadTwiceThenStopsTheInstance() {
        IllegalStateException bug = new IllegalStateException("PatientState does not decode");
        assertThat(failures.handle(new StreamsException(bug))).isEqualTo(REPLACE_THREAD);
        now = now.plusSeconds(30);
        assertThat(failures.handle(new StreamsException(bug))).isEqualTo(REPLACE_THREAD);
        now = now.plusSeconds(30);
        assertThat(failures.handle(new StreamsException(bug))).isEqualTo(SHUTDOWN_CLIENT);
        assertThat(stops).singleElement().satisfies(t -> assertThat(t).hasRootCause(bug));
        assertThat(failures.retrying()).isEmpty();
    }

    @Test
    void bugsFarApartDoNotAddUp() {
        IllegalStateException bug = new IllegalStateException("one-off");
        for (int i = 0; i < 5; i++) {
            assertThat(failures.handle(bug)).isEqualTo(REPLACE_THREAD);
            now = now.plus(StreamThreadFailures.BUG_WINDOW).plusSeconds(1);
        }
        assertThat(stops).isEmpty();
    }
}
