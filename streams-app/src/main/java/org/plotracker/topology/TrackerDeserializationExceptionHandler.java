package org.plotracker.topology;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a source record that could not be decoded by its {@link FailureClass}: bad bytes go to the dead-letter topic
 * with reason UNDECODABLE and processing resumes; when the schema registry could not be asked (a valid event, briefly
 * unreadable) the stream thread fails without advancing, is replaced after a backoff and decodes the record again.
 */
public class TrackerDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerDeserializationExceptionHandler.class);

    private String deadLetterTopic;
    private DeadLetterCounter counter = DeadLetterCounter.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetterHeaders.topic(configs);
        counter = DeadLetterCounter.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (FailureClass.ofDecoding(exception) == FailureClass.RETRIABLE) {
            LOG.warn("Record at {}-{}@{} cannot be decoded now ({}); not dead-lettered: the stream thread retries "
                    + "it without advancing", context.topic(), context.partition(), context.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        LOG.warn("Undecodable record at {}-{}@{} sent to the dead-letter topic: {}", context.topic(),
                context.partition(), context.offset(), exception.getMessage());
        counter.count("UNDECODABLE");
        return Response.resume(DeadLetterHeaders.records(deadLetterTopic, context, exception, "UNDECODABLE", null));
    }
}
