package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.rules.RulesConfig;

/**
 * A record on another partition than Kafka's default partitioner gives its key goes to the dead-letter topic as
 * MISPARTITIONED; one on the right partition is processed. TopologyTestDriver delivers every record on partition 0,
 * so with three input partitions a key that hashes to 0 is in place and one that hashes elsewhere is not.
 */
class PartitionGuardTest {

    private static final int PARTITIONS = 3;
    private TrackerDriver driver;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static String keyOnPartition(boolean zero) {
        return IntStream.range(0, 1000).mapToObj(i -> "PAT-GUARD-" + i)
                .filter(k -> (PartitionGuard.defaultPartition(k, PARTITIONS) == 0) == zero).findFirst().orElseThrow();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theGuardComputesWhatTheJavaProducersDefaultPartitionerChooses() {
        for (int i = 0; i < 200; i++) {
            String key = "PAT-" + i;
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            assertThat(PartitionGuard.defaultPartition(key, 6)).isEqualTo(BuiltInPartitioner.partitionForKey(bytes, 6));
        }
    }

    @Test
    void aMispartitionedRecordIsDeadLetteredAndAWellPlacedOneIsProcessed() {
        Properties properties = new Properties();
        properties.put(TrackerTopology.INPUT_PARTITIONS_CONFIG, String.valueOf(PARTITIONS));
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope("partition-guard"),
                TestSerdes.validator(), properties);
        String misplaced = keyOnPartition(false);
        String placed = keyOnPartition(true);

        driver.pipe(TestEvents.delivery(misplaced, "d-misplaced", "2024-01-10"));
        driver.pipe(TestEvents.delivery(placed, "d-placed", "2024-01-10"));

        assertThat(driver.deadLetters()).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("MISPARTITIONED");
            assertThat(header(r, DeadLetterHeaders.EVENT_ID)).isEqualTo("d-misplaced");
            assertThat(header(r, "__streams.errors.message")).contains("partition 0 of 3")
                    .contains("puts that key on partition " + PartitionGuard.defaultPartition(misplaced, PARTITIONS));
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(misplaced);
        });
        assertThat(driver.timelines()).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo(placed));
    }

    @Test
    void withoutAPartitionCountTheGuardLetsEverythingThrough() {
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope("partition-guard-off"),
                TestSerdes.validator(), new Properties());
        driver.pipe(TestEvents.delivery(keyOnPartition(false), "d1", "2024-01-10"));
        assertThat(driver.deadLetters()).isEmpty();
        assertThat(driver.timelines()).hasSize(1);
    }
}
