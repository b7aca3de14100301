package org.plotracker.benchmarks.load;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Offsets of topics and consumer groups, through one {@link Admin} client. */
final class Offsets implements AutoCloseable {

    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final Admin admin;

    Offsets(Map<String, Object> clientProperties) {
        this.admin = Admin.create(clientProperties);
    }

    Admin admin() {
        return admin;
    }

    /** Every partition of the topics. */
    List<TopicPartition> partitions(Collection<String> topics) {
        return get(admin.describeTopics(topics).allTopicNames()).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /** The log end offset of each partition (past any transaction marker). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    /**
     * Bytes each partition occupies in the brokers' log directories (the largest replica of each), as
     * {@code describeLogDirs} reports them: record batches with their headers and transaction markers.
     */
    Map<TopicPartition, Long> sizesOnDisk(Collection<TopicPartition> partitions) {
        List<Integer> brokers = get(admin.describeCluster().nodes()).stream().map(n -> n.id()).toList();
        Map<TopicPartition, Long> sizes = new HashMap<>();
        get(admin.describeLogDirs(brokers).allDescriptions()).values().forEach(dirs -> dirs.values().forEach(
                dir -> dir.replicaInfos().forEach((p, info) -> {
                    if (partitions.contains(p)) {
                        sizes.merge(p, info.size(), Math::max);
                    }
                })));
        return sizes;
    }

    /** Makes a new consumer group start at the given offsets (the group must not be active). */
    void startGroupAt(String groupId, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((p, o) -> commit.put(p, new OffsetAndMetadata(o)));
        get(admin.alterConsumerGroupOffsets(groupId, commit).all());
    }

    /** True once the group has committed at least {@code end} on every partition of it. */
    boolean caughtUp(String groupId, Map<TopicPartition, Long> end) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Polls {@code condition} every {@code every} until it holds; fails with {@code what} when {@code alive} turns
     * false or {@code timeout} passes.
     */
    static void await(String what, Duration timeout, Duration every, BooleanSupplier alive, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!alive.getAsBoolean()) {
                throw new LoadRunException(what + ": the application stopped or failed first");
            }
            if (System.nanoTime() > deadline) {
                throw new LoadRunException(what + ": not reached within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(every.toMillis()); // polling a condition
        }
    }

    static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadRunException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            throw new LoadRunException("Kafka call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LoadRunException("Kafka did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
