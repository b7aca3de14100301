package org.plotracker.benchmarks.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor: a plain {@link KafkaConsumer} with byte[] deserializers and {@code read_committed} reads the given
 * offset range of the partitions, doing nothing with the records but counting their bytes.
 */
final class RawConsumerRun {

    private RawConsumerRun() {
    }

    /** Reads {@code start..end} of every partition; the clock runs from the first poll to the last record. */
    static Result read(Map<String, Object> clientProperties, Map<TopicPartition, Long> start,
                       Map<TopicPartition, Long> end, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long records = 0;
        long payloadBytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long began = System.nanoTime();
            long deadline = began + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new LoadRunException("raw consumer: " + records + " records read, end offsets not reached"
                            + " within " + timeout.toSeconds() + " s");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        records++;
                        payloadBytes += size(record.key()) + size(record.value());
                    }
                }
            }
            return new Result(records, payloadBytes, (System.nanoTime() - began) / 1e9);
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static int size(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * @param records      records read
     * @param payloadBytes their keys and values
     * @param seconds      wall time of the read
     */
    record Result(long records, long payloadBytes, double seconds) {
        double eventsPerSecond() {
            return records / seconds;
        }
    }
}
