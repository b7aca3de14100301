package org.plotracker.app.report;

/**
 * One record read back from an output topic: its key, its value (null for a tombstone) and where it was.
 *
 * @param <V> value type
 */
public record TopicRecord<V>(String key, V value, int partition, long offset) {
}
