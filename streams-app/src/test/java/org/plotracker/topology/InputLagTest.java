package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Whether a task is caught up, from the lags its stream thread's consumer recorded. */
class InputLagTest {

    @Test
    void aTaskIsCaughtUpWhenEveryPartitionWithItsNumberHasNothingLeftToFetch() throws Exception {
        InputLag.record(Map.of(
                new TopicPartition("plo.events.dxa-scan.v1", 1), 0L,
                new TopicPartition("plo.events.delivery.v1", 1), 0L,
                new TopicPartition("plo.events.dxa-scan.v1", 2), 0L,
                new TopicPartition("plo.events.delivery.v1", 2), 12L,
                new TopicPartition("plo.events.dxa-scan.v1", 3), InputLag.UNKNOWN));
        assertThat(InputLag.caughtUp(1)).isTrue();
        assertThat(InputLag.caughtUp(2)).as("one of its partitions has records left").isFalse();
        assertThat(InputLag.caughtUp(3)).as("a lag the consumer does not know yet").isFalse();
        assertThat(InputLag.caughtUp(4)).as("not assigned to this thread").isTrue();
        assertThat(CompletableFuture.supplyAsync(() -> InputLag.caughtUp(2)).get())
                .as("another thread, whose consumer recorded nothing: idleness alone decides").isTrue();
        InputLag.record(Map.of(new TopicPartition("plo.events.delivery.v1", 2), 0L));
        assertThat(InputLag.caughtUp(2)).as("the next poll's lags replace the last").isTrue();
    }
}
