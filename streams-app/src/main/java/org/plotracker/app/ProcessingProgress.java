package org.plotracker.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far the tracker has got with its input: the committed offsets of the Kafka Streams application (its consumer
 * group) against the committed input. Under exactly-once an input offset is committed in the same transaction as the
 * outputs it produced, so "caught up" means every output of the input so far is committed and visible to
 * {@code read_committed} readers.
 *
 * <p>Transactional input leaves commit markers in the log that are not records, so a committed offset short of the
 * end is not by itself lag: the records between the committed offset and the high watermark are read
 * ({@code read_committed}, all lagging partitions in one pass) and only committed data records count. The high
 * watermark rather than the last stable offset is the end, because a producer's {@code commitTransaction()} returns
 * before the commit markers are written: right after a publish the last stable offset can still be short of data
 * that is committed. A partition held back by another producer's open transaction counts as behind.
 */
public final class ProcessingProgress implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessingProgress.class);

    private final Admin admin;
    private final String applicationId;
    private final List<String> inputTopics;
    private final KafkaConsumer<byte[], byte[]> probe;

    /**
     * @param clientProperties connection and security settings for an admin client and a probing consumer
     */
    public ProcessingProgress(Map<String, Object> clientProperties, String applicationId,
                              Collection<String> inputTopics) {
        this.admin = Admin.create(clientProperties);
        this.applicationId = applicationId;
        this.inputTopics = List.copyOf(inputTopics);
        Map<String, Object> consumer = new HashMap<>(clientProperties);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "plo-progress-probe-" + applicationId);
        this.probe = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Committed input records not yet processed, per partition; only partitions with lag are listed. */
    public Map<TopicPartition, Long> lag() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(inputTopics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        // The high watermark, not the last stable offset: a producer's commitTransaction() returns before the
        // commit markers are written, so the LSO can lag behind data that is already committed.
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, long[]> behind = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            OffsetAndMetadata done = committed.get(tp);
            long position = done == null ? 0 : done.offset();
            if (position < end) {
                behind.put(tp, new long[] {position, end});
            }
        }
        Map<TopicPartition, Long> lag = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        dataRecordsBetween(behind).forEach((tp, records) -> {
            if (records > 0) {
                lag.put(tp, records);
            }
        });
        return lag;
    }

    /** True when every committed input record has been processed and its outputs committed. */
    public boolean caughtUp() throws InterruptedException, ExecutionException, TimeoutException {
        return lag().isEmpty();
    }

    /**
     * Waits until {@link #caughtUp()}, checking every 200 ms, at most {@code timeout}.
     *
     * @param stillRunning checked each round: waiting ends with an error as soon as it is false
     * @throws TimeoutException naming the partitions still behind
     */
    public void awaitCaughtUp(Duration timeout, BooleanSupplier stillRunning)
            throws InterruptedException, ExecutionException, TimeoutException {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        Map<TopicPartition, Long> lag = lag();
        while (!lag.isEmpty()) {
            LOG.debug("{} behind on {}", applicationId, lag);
            if (!stillRunning.getAsBoolean()) {
                throw new IllegalStateException("the tracker stopped before processing its input; behind: " + lag);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the tracker did not catch up within " + timeout + "; behind: " + lag);
            }
            Thread.sleep(200);
            lag = lag();
        }
        LOG.info("{} caught up with its input after {} ms", applicationId, (System.nanoTime() - began) / 1_000_000);
    }

    /**
     * Counts the committed data records in [from, to) of each partition (markers and aborted records skipped), all
     * partitions in one pass. A partition whose open transaction keeps the reader short of {@code to} for 10 s
     * counts as behind.
     */
    private Map<TopicPartition, Long> dataRecordsBetween(Map<TopicPartition, long[]> ranges) {
        Map<TopicPartition, Long> counts = new HashMap<>();
        if (ranges.isEmpty()) {
            return counts;
        }
        probe.assign(ranges.keySet());
        ranges.forEach((tp, range) -> {
            probe.seek(tp, range[0]);
            counts.put(tp, 0L);
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!reachedEnds(ranges)) {
            if (System.nanoTime() > deadline) {
                ranges.forEach((tp, range) -> {
                    if (probe.position(tp) < range[1]) {
                        LOG.debug("{} stays at {} short of {} (open transaction?)", tp, probe.position(tp), range[1]);
                        counts.merge(tp, 1L, Math::max);
                    }
                });
                return counts;
            }
            for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(100))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ranges.get(tp)[1]) {
                    counts.merge(tp, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private boolean reachedEnds(Map<TopicPartition, long[]> ranges) {
        for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
            if (probe.position(range.getKey()) < range.getValue()[1]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        probe.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
