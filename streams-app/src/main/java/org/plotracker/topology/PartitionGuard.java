package org.plotracker.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a source record whose partition is not the one Kafka's default partitioner gives its key
 * ({@code murmur2(UTF-8 key bytes) mod partitions}, what the Java producer and the {@code plo} CLI use). A producer
 * with another partitioner (librdkafka's default is CRC32-based) would split a patient over two tasks and fork her
 * record; such records go to the dead-letter topic as {@code MISPARTITIONED} instead. Runs on each source branch
 * before the patient processor.
 *
 * <p>The partition count comes from {@value #INPUT_PARTITIONS_CONFIG} in the Streams configuration (the app sets it
 * from the input topics it verified); without it the guard lets everything through. Records without a key are left
 * to the patient processor (MISSING_KEY).
 */
final class PartitionGuard implements FixedKeyProcessor<String, Object, Object> {

    /** Streams configuration key: partitions of the input topics (all inputs have the same count). */
    static final String INPUT_PARTITIONS_CONFIG = "plo.input.partitions";

    private static final Logger LOG = LoggerFactory.getLogger(PartitionGuard.class);

    private FixedKeyProcessorContext<String, Object> context;
    private int partitions;

    @Override
    public void init(FixedKeyProcessorContext<String, Object> context) {
        this.context = context;
        Object configured = context.appConfigs().get(INPUT_PARTITIONS_CONFIG);
        this.partitions = configured == null ? 0 : Integer.parseInt(configured.toString());
        if (partitions == 0) {
            LOG.debug("Partition guard off in task {}: {} is not configured", context.taskId(),
                    INPUT_PARTITIONS_CONFIG);
        }
    }

    /** The partition Kafka's default partitioner chooses for {@code key} among {@code partitions}. */
    static int defaultPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void process(FixedKeyRecord<String, Object> record) {
        Optional<Integer> actual = context.recordMetadata().map(m -> m.partition());
        if (partitions > 0 && record.key() != null && actual.isPresent() && actual.get() >= 0) {
            int expected = defaultPartition(record.key(), partitions);
            if (actual.get() != expected) {
                String eventId = eventId(record.value());
                String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                        .orElse("?");
                String message = "Event " + eventId + " for patient " + record.key() + " is on partition "
                        + actual.get() + " of " + partitions + " (" + where + "), but Kafka's default partitioner "
                        + "(murmur2 of the UTF-8 key) puts that key on partition " + expected
                        + ": the producer uses another partitioner; republish it keyed by patient id with the "
                        + "default partitioner";
                throw new RejectedEventException(RejectedEventException.Reason.MISPARTITIONED, eventId, message);
            }
        }
        context.forward(record);
    }

    private static String eventId(Object value) {
        if (value instanceof IndexedRecord indexed && value instanceof GenericContainer container
                && container.getSchema().getField("eventId") != null) {
            Object id = indexed.get(container.getSchema().getField("eventId").pos());
            return id == null ? null : id.toString();
        }
        return null;
    }
}
