package org.plotracker.contracts;

import java.util.Objects;

/**
 * One topic of the catalogue: its name, the Java type of its values, whether it is compacted, and who reads it.
 * Every topic is keyed by a {@code String}: the pseudonymous patient id, except where {@link #keyDescription()} says
 * otherwise.
 *
 * @param <V> value type (an Avro SpecificRecord class)
 */
public record TopicSpec<V>(String name, Class<V> valueType, Cleanup cleanup, String keyDescription, String consumers) {

    /** Kafka cleanup policy of a topic. */
    public enum Cleanup {
        DELETE("delete"), COMPACT("compact");

        private final String configValue;

        Cleanup(String configValue) {
            this.configValue = configValue;
        }

        /** The value of the topic's {@code cleanup.policy} config. */
        public String configValue() {
            return configValue;
        }
    }

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanup, "cleanup");
    }

    /** Subject of the value schema under TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    public boolean compacted() {
        return cleanup == Cleanup.COMPACT;
    }

    @Override
    public String toString() {
        return name;
    }
}
