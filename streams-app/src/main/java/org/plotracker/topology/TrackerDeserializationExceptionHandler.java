package org.plotracker.topology;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends undecodable input records to the dead-letter topic with reason UNDECODABLE, and resumes. */
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
        LOG.warn("Undecodable record at {}-{}@{} sent to the dead-letter topic: {}", context.topic(),
                context.partition(), context.offset(), exception.getMessage());
        counter.count("UNDECODABLE");
        return Response.resume(DeadLetterHeaders.records(deadLetterTopic, context, exception, "UNDECODABLE", null));
    }
}
