package org.plotracker.topology;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.plotracker.contracts.Topics;

/**
 * The tracker's Kafka Streams defaults; the app merges user properties over them. Exactly-once (v2), the built-in
 * dead-letter queue (KIP-1034) on {@link Topics#DEAD_LETTER}, and exception handlers that send undecodable and refused
 * records there and keep running.
 */
public final class TrackerStreamsConfig {

    /**
     * The {@code max.task.idle.ms} the tracker recommends for a running app (500 ms): a task whose other input
     * partitions are momentarily empty waits up to this long for them before processing, so the events of one batch
     * are picked across the six topics by timestamp more often. It is NOT in {@link #defaults()}: a
     * TopologyTestDriver never processes with it set. It narrows, but cannot close, the cross-topic ordering gap; the
     * alert settling window ({@link TopologySettings}) is what makes alerts independent of arrival order.
     */
    public static final long RECOMMENDED_MAX_TASK_IDLE_MS = 500L;

    /** Default application id (consumer group, prefix of internal topics and state directories). */
    public static final String APPLICATION_ID = "plo-tracker";

    private TrackerStreamsConfig() {
    }

    /**
     * <ul>
     *   <li>{@code application.id=plo-tracker}</li>
     *   <li>{@code processing.guarantee=exactly_once_v2}</li>
     *   <li>{@code errors.dead.letter.queue.topic.name=plo.dlq.v1}</li>
     *   <li>{@code deserialization.exception.handler=}{@link TrackerDeserializationExceptionHandler}</li>
     *   <li>{@code processing.exception.handler=}{@link TrackerProcessingExceptionHandler}</li>
     *   <li>{@code default.key.serde=}String (every topic is keyed by a String)</li>
     *   <li>{@code default.timestamp.extractor=}{@link RecordedAtTimestampExtractor} (record time = recordedAt)</li>
     *   <li>{@code default.client.supplier=}{@link LagRecordingClientSupplier} (the tracker's clock needs to know
     *       whether a task is caught up; without it, idleness alone decides)</li>
     * </ul>
     * No bootstrap servers, no registry URL: those come from the user's configuration. No {@code max.task.idle.ms}
     * either: the app sets {@link #RECOMMENDED_MAX_TASK_IDLE_MS}.
     */
    public static Properties defaults() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                TrackerDeserializationExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                TrackerProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                org.apache.kafka.common.serialization.Serdes.StringSerde.class.getName());
        p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, RecordedAtTimestampExtractor.class.getName());
        p.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, LagRecordingClientSupplier.class.getName());
        return p;
    }
}
