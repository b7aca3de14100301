package org.plotracker.benchmarks.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.publish.EventPublisher;

/**
 * Publishes a synthetic cohort through the project's own producer path ({@link EventPublisher}: validated, Avro in
 * the Confluent wire format, the registry, one transaction per batch) and remembers which offsets of the input topics
 * hold it, so that every reader of the run consumes exactly these events.
 */
final class CohortPublisher {

    private static final int EVENTS_PER_TRANSACTION = 5_000;

    private final Map<String, Object> publisherSettings;

    CohortPublisher(Map<String, Object> clientProperties, String registryUrl) {
        this.publisherSettings = new HashMap<>(clientProperties);
        publisherSettings.put("schema.registry.url", registryUrl);
        publisherSettings.put("auto.register.schemas", "true");
        publisherSettings.put("linger.ms", "20");
        publisherSettings.put("batch.size", Integer.toString(256 * 1024));
    }

    /** The input partitions of the tracker: the five event topics and the erasure topic. */
    static List<String> inputTopics() {
        return Topics.INPUTS.stream().map(TopicSpec::name).toList();
    }

    /** Publishes the cohort; the returned range covers exactly its records on every input partition. */
    Published publish(SyntheticCohort cohort, Offsets offsets) {
        List<TopicPartition> partitions = offsets.partitions(inputTopics());
        Map<TopicPartition, Long> start = offsets.endOffsets(partitions);
        Map<TopicPartition, Long> sizeBefore = offsets.sizesOnDisk(partitions);
        long began = System.nanoTime();
        long count = 0;
        try (EventPublisher publisher = new EventPublisher(publisherSettings)) {
            // the whole cohort in recorded-time order, as a clinic's topics hold it: published block by block of
            // patients, every later block would arrive years behind the tracker's clock, and the point would measure
            // late-event re-decisions instead of a replay
            List<SpecificRecord> events = cohort.events();
            for (int from = 0; from < events.size(); from += EVENTS_PER_TRANSACTION) {
                int to = Math.min(events.size(), from + EVENTS_PER_TRANSACTION);
                List<SpecificRecord> batch = events.subList(from, to);
                publisher.publishAll(batch);
                count += batch.size();
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        Map<TopicPartition, Long> end = offsets.endOffsets(partitions);
        Map<TopicPartition, Long> sizeAfter = offsets.sizesOnDisk(partitions);
        long bytesOnDisk = 0;
        for (TopicPartition p : partitions) {
            bytesOnDisk += sizeAfter.getOrDefault(p, 0L) - sizeBefore.getOrDefault(p, 0L);
        }
        return new Published(count, start, end, seconds, bytesOnDisk);
    }

    /**
     * What one publication wrote.
     *
     * @param events      records published
     * @param start       end offsets of the input partitions before publishing (where readers start)
     * @param end         end offsets after publishing, past the last transaction marker
     * @param seconds     wall time of publishing
     * @param bytesOnDisk growth of the input partitions in the broker's log directories
     */
    record Published(long events, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, double seconds,
                     long bytesOnDisk) {
    }
}
