package org.plotracker.publish;

import java.util.Objects;

/**
 * Publishing failed; nothing of the batch became visible to {@code read_committed} consumers. {@link #kind()} says
 * whether retrying can help, and the message is one line a person can act on.
 */
public class PublishException extends RuntimeException {

    /** Why publishing failed. */
    public enum Kind {
        /** One or more events break the contract (see {@link InvalidEventsException}); nothing was sent. */
        INVALID_EVENT,
        /** Kafka or the schema registry could not be reached within the configured timeouts. */
        UNREACHABLE,
        /** The value could not be serialized or the registry refused the schema (e.g. incompatible). */
        SERIALIZATION,
        /** The broker refused the client (authentication, authorization, another producer fenced this one). */
        REJECTED,
        /** Anything else reported by the Kafka client; the transaction was aborted. */
        KAFKA
    }

    private final Kind kind;

    public PublishException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
