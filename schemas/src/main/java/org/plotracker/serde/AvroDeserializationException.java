package org.plotracker.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that could not be turned into a record: a Kafka {@link SerializationException} whose message names the topic,
 * the schema id when one was read and what was wrong, so that a dead-letter handler can show it as the reason. The
 * deserializer does not know partition and offset; handlers that do use {@link #describeAt(int, long)} or
 * {@link #describe(Throwable, String, int, long)}.
 */
public class AvroDeserializationException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Problem {
        /** Fewer than 5 bytes: no room for magic byte and schema id. */
        TOO_SHORT,
        /** First byte is not 0: not the Confluent wire format. */
        WRONG_MAGIC_BYTE,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be resolved to the reader class (incompatible or no generated class). */
        SCHEMA_NOT_RESOLVABLE,
        /** The Avro body ends before the record does. */
        TRUNCATED_BODY,
        /** The Avro body is not a valid encoding under the writer schema, or has bytes left over. */
        CORRUPT_BODY,
        /** The registry could not be asked (unreachable, 5xx after retries); retrying later may succeed. */
        REGISTRY_UNAVAILABLE
    }

    private final String topic;
    private final boolean key;
    private final Integer schemaId;
    private final Problem problem;
    private final String detail;

    public AvroDeserializationException(String topic, boolean key, Integer schemaId, Problem problem, String detail,
            Throwable cause) {
        super(format(topic, key, null, null, schemaId, problem, detail), cause);
        this.topic = topic;
        this.key = key;
        this.schemaId = schemaId;
        this.problem = problem;
        this.detail = detail;
    }

    public String topic() {
        return topic;
    }

    /** True if the bytes were a record key, false for a value. */
    public boolean isKey() {
        return key;
    }

    /** The schema id read from the header, or null if the header was unreadable. */
    public Integer schemaId() {
        return schemaId;
    }

    public Problem problem() {
        return problem;
    }

    /** The explanation without topic and location. */
    public String detail() {
        return detail;
    }

    /** The message with the record's partition and offset, for a dead-letter reason or a log line. */
    public String describeAt(int partition, long offset) {
        return format(topic, key, partition, offset, schemaId, problem, detail);
    }

    /**
     * A one-line reason for any deserialization failure of the record at topic/partition/offset: the precise message
     * if an {@link AvroDeserializationException} is in the cause chain, otherwise the failure's own message with the
     * location added.
     */
    public static String describe(Throwable failure, String topic, int partition, long offset) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AvroDeserializationException avro) {
                return avro.describeAt(partition, offset);
            }
        }
        String what = failure == null ? "unknown error"
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return "Cannot deserialize record of topic '" + topic + "' partition " + partition + " offset " + offset
                + ": " + what;
    }

    private static String format(String topic, boolean key, Integer partition, Long offset, Integer schemaId,
            Problem problem, String detail) {
        StringBuilder message = new StringBuilder("Cannot deserialize ").append(key ? "key" : "value")
                .append(" of topic '").append(topic).append('\'');
        if (partition != null) {
            message.append(" partition ").append(partition).append(" offset ").append(offset);
        }
        if (schemaId != null) {
            message.append(" (schema id ").append(schemaId).append(')');
        }
        return message.append(": ").append(problem).append(": ").append(detail).toString();
    }
}
