package org.plotracker.topology;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a failure while processing a record (or in a punctuator) by its {@link FailureClass}:
 * <ul>
 *   <li>a refused event ({@link RejectedEventException}, bad input) goes to the dead-letter topic
 *       ({@code errors.dead.letter.queue.topic.name}) with its reason, and processing resumes;</li>
 *   <li>a retriable fault (registry or broker unavailable, a timeout) fails the stream thread without advancing; it
 *       is replaced after a backoff and processes the record again (see {@code app.StreamThreadFailures});</li>
 *   <li>anything else (a bug, a store value that does not decode) fails the stream thread too; repeated failures stop
 *       the instance. Nothing of these two kinds is dead-lettered.</li>
 * </ul>
 * Logs the event id, the reason and the field names, never clinical values (those are in the dead-letter record's
 * headers).
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
        if (FailureClass.of(exception) == FailureClass.RETRIABLE) {
            LOG.warn("Processing the record at {}-{}@{} in {} hit a retriable fault ({}); not dead-lettered: the "
                    + "stream thread retries it without advancing", context.topic(), context.partition(),
                    context.offset(), context.processorNodeId(), FailureClass.rootCause(exception));
            return Response.fail();
        }
        LOG.error("Processing failed for the record at {}-{}@{} in {} (a bug or unreadable state); not "
                + "dead-lettered: the stream thread fails", context.topic(), context.partition(), context.offset(),
                context.processorNodeId(), exception);
        return Response.fail();
    }
}
