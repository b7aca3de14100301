package org.plotracker.topology;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.plotracker.serde.AvroDeserializationException;
import org.plotracker.serde.registry.SchemaRegistryException;

/**
 * The three kinds of failure and the tracker's answer to each (docs/reliability.md):
 * <ul>
 *   <li>{@link #RETRIABLE}: something the tracker needs was briefly away (schema registry, broker, a timeout). The
 *       stream thread fails without advancing (under exactly-once its open transaction is aborted), is replaced after
 *       a backoff, and reads the same record again. Nothing goes to the dead-letter topic.</li>
 *   <li>{@link #BAD_INPUT}: the record itself is wrong (undecodable, invalid, conflicting, mis-partitioned). It goes
 *       to the dead-letter topic with its reason, and processing continues.</li>
 *   <li>{@link #BUG}: anything the tracker does not classify, including a store value that no longer decodes. The
 *       stream thread fails and is replaced; after repeated failures the instance stops with a clear message. Never
 *       dead-lettered, so a bug cannot flood the dead-letter topic while the app looks healthy.</li>
 * </ul>
 */
public enum FailureClass {
    RETRIABLE, BAD_INPUT, BUG;

    /**
     * Classifies a failure by its cause chain: a refused event is bad input; an unreachable registry, a Kafka
     * retriable error or timeout, or a network timeout anywhere in the chain is retriable; everything else is a bug.
     */
    public static FailureClass of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedEventException) {
                return BAD_INPUT;
            }
            if (isRetriable(t)) {
                return RETRIABLE;
            }
        }
        return BUG;
    }

    /**
     * Classifies a failure to decode a source record: retriable when the registry could not be asked, else bad input
     * (the bytes are wrong).
     */
    public static FailureClass ofDecoding(Throwable failure) {
        return of(failure) == RETRIABLE ? RETRIABLE : BAD_INPUT;
    }

    private static boolean isRetriable(Throwable t) {
        if (t instanceof AvroDeserializationException decoding) {
            return decoding.problem() == AvroDeserializationException.Problem.REGISTRY_UNAVAILABLE;
        }
        if (t instanceof SchemaRegistryException registry) {
            return registry.isRetriable();
        }
        return t instanceof RetriableException || t instanceof TimeoutException || t instanceof ConnectException
                || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                || t instanceof java.util.concurrent.TimeoutException;
    }

    /** The innermost message of the cause chain, for one log line. */
    public static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure.getClass().getSimpleName() + " caused by " + root;
    }
}
