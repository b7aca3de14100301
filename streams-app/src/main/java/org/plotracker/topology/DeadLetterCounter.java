package org.plotracker.topology;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Counts the records the exception handlers send to the dead-letter topic, by reason. The app puts one instance into
 * the streams configuration under {@value #CONFIG}; the handlers find it in {@code configure} (Kafka Streams hands
 * them the configuration's original values, objects included) and the metrics endpoint reads it. Without one (tests
 * with a TopologyTestDriver) nothing is counted.
 */
public final class DeadLetterCounter {

    /** Key of the counter in the streams configuration (an object value, never a string). */
    public static final String CONFIG = "plo.dead-letter.counter";

    /** Every reason a dead letter can carry: the refusals and undecodable bytes. */
    public static final List<String> REASONS = Stream.concat(
            Stream.of(RejectedEventException.Reason.values()).map(Enum::name),
            Stream.of("UNDECODABLE")).toList();

    private static final DeadLetterCounter NONE = new DeadLetterCounter();

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public DeadLetterCounter() {
        REASONS.forEach(r -> counts.put(r, new LongAdder()));
    }

    /** The counter configured in {@code configs}, or one that nobody reads. */
    static DeadLetterCounter from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof DeadLetterCounter counter ? counter : NONE;
    }

    void count(String reason) {
        counts.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Records dead-lettered for {@code reason} since this instance started. */
    public long total(String reason) {
        LongAdder adder = counts.get(reason);
        return adder == null ? 0 : adder.sum();
    }
}
