package org.plotracker.topology;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record whose processing failed to the dead-letter topic ({@code errors.dead.letter.queue.topic.name})
 * and resumes: a refused event ({@link RejectedEventException}) with its reason, any other failure as FAILED. Logs the
 * event id, the reason and the field names, never clinical values (those are in the dead-letter record's headers).
 */
public class TrackerProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerProcessingExceptionHandler.class);

    private String deadLetterTopic;
    private DeadLetterCounter counter = DeadLetterCounter.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetterHeaders.topic(configs);
        counter = DeadLetterCounter.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Throwable cause = exception;
        while (!(cause instanceof RejectedEventException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RejectedEventException rejected) {
            LOG.warn("Event {} from {}-{}@{} refused ({}): {}", rejected.eventId(), context.topic(),
                    context.partition(), context.offset(), rejected.reason(), rejected.logSafeDetail());
            counter.count(rejected.reason().name());
            return Response.resume(DeadLetterHeaders.records(deadLetterTopic, context, rejected,
                    rejected.reason().name(), rejected.eventId()));
        }
        LOG.error("Processing failed for the record at {}-{}@{} in {}; sent to the dead-letter topic", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception);
        counter.count("FAILED");
        return Response.resume(DeadLetterHeaders.records(deadLetterTopic, context, exception, "FAILED", null));
    }
}
