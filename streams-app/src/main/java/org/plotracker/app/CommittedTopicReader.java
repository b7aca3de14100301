package org.plotracker.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.plotracker.app.report.TopicRecord;

/**
 * Reads whole topics from the beginning to their current end, committed records only ({@code read_committed}),
 * without joining a consumer group: what a care-team view or an analyst's export sees. Several topics are read by one
 * consumer in one pass.
 */
public final class CommittedTopicReader {

    private final Map<String, Object> clientProperties;
    private final Duration timeout;

    public CommittedTopicReader(Map<String, Object> clientProperties, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.timeout = timeout;
    }

    /** Every committed record of {@code topic}, partition by partition in offset order. */
    public <V> List<TopicRecord<V>> readAll(String topic, Deserializer<V> valueDeserializer) throws TimeoutException {
        return decode(topic, readRaw(List.of(topic)).get(topic), valueDeserializer);
    }

    /**
     * Every committed record of each topic, undecoded (key as String, value as bytes), partition by partition in
     * offset order.
     *
     * @throws TimeoutException when the ends are not reached within the timeout
     */
    public Map<String, List<TopicRecord<byte[]>>> readRaw(Collection<String> topics) throws TimeoutException {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "plo-reader");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, List<TopicRecord<byte[]>>> records = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                records.put(topic, new ArrayList<>());
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topics + " did not reach the ends " + ends + " within "
                            + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.get(r.topic()).add(new TopicRecord<>(r.key(), r.value(), r.partition(), r.offset()));
                    }
                }
            }
        }
        records.values().forEach(list -> list.sort(Comparator.comparingInt((TopicRecord<byte[]> r) -> r.partition())
                .thenComparingLong(TopicRecord::offset)));
        return records;
    }

    /** Decodes raw records of one topic; a null value (tombstone) stays null. */
    public static <V> List<TopicRecord<V>> decode(String topic, List<TopicRecord<byte[]>> raw,
                                                  Deserializer<V> valueDeserializer) {
        List<TopicRecord<V>> decoded = new ArrayList<>(raw.size());
        for (TopicRecord<byte[]> r : raw) {
            V value = r.value() == null ? null : valueDeserializer.deserialize(topic, r.value());
            decoded.add(new TopicRecord<>(r.key(), value, r.partition(), r.offset()));
        }
        return decoded;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
