package org.plotracker.topology;

/**
 * An input record the tracker refuses: it goes to the dead-letter topic through the processing exception handler, with
 * {@link #reason()} and the event id in headers, and processing continues.
 */
public class RejectedEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a record was refused; written to the {@code plo.dlq.reason} header. */
    public enum Reason { INVALID_EVENT, CONFLICTING_DUPLICATE, KEY_MISMATCH, MISSING_KEY, UNSUPPORTED_TYPE, MISPARTITIONED }

    private final Reason reason;
    private final String eventId;
    private final String logSafeDetail;

    /** A refusal whose message carries no clinical values (it may be logged as is). */
    public RejectedEventException(Reason reason, String eventId, String message) {
        this(reason, eventId, message, message);
    }

    /**
     * @param message       full explanation, written to the dead-letter record's headers (may contain values)
     * @param logSafeDetail what may be logged: no clinical values, only ids, field names and codes
     */
    public RejectedEventException(Reason reason, String eventId, String message, String logSafeDetail) {
        super(message);
        this.reason = reason;
        this.eventId = eventId;
        this.logSafeDetail = logSafeDetail;
    }

    /** The explanation without clinical values, for logs. */
    public String logSafeDetail() {
        return logSafeDetail;
    }

    public Reason reason() {
        return reason;
    }

    /** The rejected event's id, or null when it has none. */
    public String eventId() {
        return eventId;
    }
}
