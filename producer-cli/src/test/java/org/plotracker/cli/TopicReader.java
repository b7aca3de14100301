package org.plotracker.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.plotracker.serde.SpecificAvroDeserializer;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** Reads a whole topic as it is now (up to its end offsets at the time of the call), committed or not. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every committed record of {@code topic} whose key matches, read_committed. */
    public static List<ConsumerRecord<String, SpecificRecord>> committed(EmbeddedStackExtension stack,
            String registryUrl, String topic, Predicate<String> key) {
        return read(stack, registryUrl, topic, key, "read_committed");
    }

    /** Every record of {@code topic} whose key matches, including those of open or aborted transactions. */
    public static List<ConsumerRecord<String, SpecificRecord>> uncommitted(EmbeddedStackExtension stack,
            String registryUrl, String topic, Predicate<String> key) {
        return read(stack, registryUrl, topic, key, "read_uncommitted");
    }

    private static List<ConsumerRecord<String, SpecificRecord>> read(EmbeddedStackExtension stack,
            String registryUrl, String topic, Predicate<String> key, String isolation) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put("schema.registry.url", registryUrl);
        SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
        values.configure(props, false);
        List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            EmbeddedStackExtension.waitUntil(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (key.test(r.key())) {
                        records.add(r);
                    }
                });
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }, Duration.ofSeconds(30), "the end of " + topic + " (" + isolation + ")");
        }
        return records;
    }
}
