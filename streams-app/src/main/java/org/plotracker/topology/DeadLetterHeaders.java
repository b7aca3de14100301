package org.plotracker.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;

/**
 * Builds dead-letter records with Kafka Streams' own layout (raw key and value bytes of the source record; headers
 * {@code __streams.errors.exception}, {@code .message}, {@code .stacktrace}, {@code .topic}, {@code .partition},
 * {@code .offset}) plus the tracker's {@value #REASON} and, when known, {@value #EVENT_ID}.
 */
final class DeadLetterHeaders {

    /** Header naming why the record was refused (a {@link RejectedEventException.Reason} or UNDECODABLE / FAILED). */
    static final String REASON = "plo.dlq.reason";
    /** Header with the refused event's id, when it could be read. */
    static final String EVENT_ID = "plo.dlq.event-id";

    private DeadLetterHeaders() {
    }

    static String topic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null ? null : topic.toString();
    }

    static List<ProducerRecord<byte[], byte[]>> records(String dlqTopic, ErrorHandlerContext context,
                                                        Exception exception, String reason, String eventId) {
        if (dlqTopic == null || dlqTopic.isBlank()) {
            return List.of();
        }
        ProducerRecord<byte[], byte[]> record = ExceptionHandlerUtils.buildDeadLetterQueueRecord(dlqTopic,
                context.sourceRawKey(), context.sourceRawValue(), context, exception);
        record.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        if (eventId != null) {
            record.headers().add(EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        }
        return List.of(record);
    }
}
