package org.plotracker.topology;

import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The tracker's record time is recorded time (docs/architecture.md, "Three clocks"): the {@code recordedAt} of the
 * decoded event, so that stream time, and with it the tracker's clock, follows what the clinics recorded and not
 * when the records happened to be produced. A record without one (a tombstone, an undecodable value, a type without
 * the field) keeps its own timestamp; a negative one falls back to the partition time, so nothing is dropped.
 */
public final class RecordedAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof SpecificRecord event) {
            Schema.Field field = event.getSchema().getField("recordedAt");
            if (field != null && event.get(field.pos()) instanceof Instant recordedAt) {
                return recordedAt.toEpochMilli();
            }
        }
        long own = record.timestamp();
        return own >= 0 ? own : Math.max(partitionTime, 0L);
    }
}
