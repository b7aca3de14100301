package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The tracker's clock: recorded time of accepted records, the wall clock while caught up and idle, the as-of cap and
 * its settings ({@code plo.tracker.as-of}, {@code idle-after-ms}).
 */
class TrackerClockAsOfTest {

    private static final long AS_OF = Instant.parse("2025-06-30T00:00:00Z").toEpochMilli();

    @Test
    void theClockFollowsStreamTimeAndTheIdleWallClockButNeverPassesTheCap() {
        long recorded = Instant.parse("2025-05-26T16:00:00Z").toEpochMilli();
        AtomicLong wall = new AtomicLong(Instant.parse("2026-12-02T00:00:00Z").toEpochMilli());
        TrackerClock clock = new TrackerClock(wall::get, () -> true, Duration.ofSeconds(1), AS_OF);
        clock.recordProcessed();
        assertThat(clock.now()).as("busy, nothing accepted yet").isEqualTo(Long.MIN_VALUE);
        clock.recordAccepted(recorded);
        assertThat(clock.now()).as("busy: recorded time").isEqualTo(recorded);
        wall.addAndGet(1_000);
        assertThat(clock.now()).as("idle: the wall clock, capped").isEqualTo(AS_OF);
        clock.recordProcessed();
        clock.recordAccepted(AS_OF + 86_400_000L);
        assertThat(clock.now()).as("a record recorded after the as-of instant does not move it").isEqualTo(AS_OF);
    }

    @Test
    void onlyAcceptedRecordsMoveTheClockAndItNeverGoesBack() {
        long recorded = Instant.parse("2024-03-13T16:02:00Z").toEpochMilli();
        AtomicLong wall = new AtomicLong(Instant.parse("2026-12-02T00:00:00Z").toEpochMilli());
        TrackerClock clock = new TrackerClock(wall::get, Duration.ofSeconds(1));
        clock.recordProcessed();
        clock.recordAccepted(recorded);
        clock.recordProcessed(); // a refused event, or an acknowledgement with a wall-clock timestamp
        assertThat(clock.now()).as("a processed record that was not accepted").isEqualTo(recorded);
        clock.recordAccepted(recorded - 60_000);
        assertThat(clock.now()).as("an accepted record recorded earlier (a late event)").isEqualTo(recorded);
        wall.addAndGet(999);
        assertThat(clock.now()).as("not idle yet").isEqualTo(recorded);
        wall.addAndGet(1);
        assertThat(clock.now()).as("idle: the wall clock").isEqualTo(wall.get());
        clock.recordProcessed();
        assertThat(clock.now()).as("busy again: recorded time, decisions taken meanwhile stay taken")
                .isEqualTo(recorded);
    }

    @Test
    void asOfIsAnIsoDateAtMidnightUtcOrAnInstantAndAnythingElseNamesTheKey() {
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.AS_OF, "2025-06-30")).clockCapMs())
                .isEqualTo(AS_OF);
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.AS_OF, "2025-06-30T12:00:00Z")).asOf())
                .contains(Instant.parse("2025-06-30T12:00:00Z"));
        assertThat(TopologySettings.defaults().asOf()).isEmpty();
        assertThat(TopologySettings.defaults().clockCapMs()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.AS_OF, "30/06/2025")))
                .hasMessageContaining("plo.tracker.as-of").hasMessageContaining("30/06/2025");
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.IDLE_AFTER_MS, "2500")).idleAfter())
                .isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.IDLE_AFTER_MS, "-1")))
                .hasMessageContaining("plo.tracker.idle-after-ms");
    }

    @Test
    void anIdleTaskThatIsNotCaughtUpKeepsRecordedTime() {
        long recorded = Instant.parse("2016-11-25T09:35:34Z").toEpochMilli();
        AtomicLong wall = new AtomicLong(Instant.parse("2026-12-02T07:10:21Z").toEpochMilli());
        AtomicBoolean caughtUp = new AtomicBoolean(false);
        TrackerClock clock = new TrackerClock(wall::get, caughtUp::get, Duration.ofSeconds(2), Long.MAX_VALUE);
        clock.recordProcessed();
        clock.recordAccepted(recorded);
        wall.addAndGet(5_000); // a replay's task waiting for its next fetch while the thread serves others
        assertThat(clock.idle()).isFalse();
        assertThat(clock.now()).as("behind: recorded time, nothing decided as of today").isEqualTo(recorded);
        caughtUp.set(true);
        assertThat(clock.idle()).isTrue();
        assertThat(clock.now()).as("caught up and idle: the wall clock").isEqualTo(wall.get());
    }
}
