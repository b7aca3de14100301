package org.plotracker.benchmarks.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.TopicPartition;

/** The changelog topics of one Kafka Streams application: what was written to them, and how fast they read. */
final class Changelogs {

    private Changelogs() {
    }

    /** The changelog topics of {@code applicationId} ({@code <application.id>-<store>-changelog}). */
    static List<String> topics(Offsets offsets, String applicationId) {
        return Offsets.get(offsets.admin().listTopics(new ListTopicsOptions().listInternal(false)).names()).stream()
                .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog")).sorted().toList();
    }

    /** Per changelog topic: records (offsets, markers included) and bytes in the log directories. */
    static Map<String, Written> written(Offsets offsets, String applicationId) {
        List<String> topics = topics(offsets, applicationId);
        Map<String, Written> result = new TreeMap<>();
        if (topics.isEmpty()) {
            return result;
        }
        List<TopicPartition> partitions = offsets.partitions(topics);
        Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
        Map<TopicPartition, Long> sizes = offsets.sizesOnDisk(partitions);
        for (TopicPartition p : partitions) {
            String store = p.topic().substring(applicationId.length() + 1, p.topic().length() - "-changelog".length());
            Written w = result.getOrDefault(store, new Written(0, 0));
            result.put(store, new Written(w.offsets() + ends.getOrDefault(p, 0L),
                    w.bytesOnDisk() + sizes.getOrDefault(p, 0L)));
        }
        return result;
    }

    /** Reads every changelog of the application from the beginning with a plain byte[] read_committed consumer. */
    static RawConsumerRun.Result plainRead(Map<String, Object> clientProperties, Offsets offsets,
                                           String applicationId, Duration timeout) {
        List<TopicPartition> partitions = offsets.partitions(topics(offsets, applicationId));
        Map<TopicPartition, Long> start = new HashMap<>();
        partitions.forEach(p -> start.put(p, 0L));
        return RawConsumerRun.read(clientProperties, start, offsets.endOffsets(partitions), timeout);
    }

    /**
     * @param offsets     offsets written (records plus transaction markers)
     * @param bytesOnDisk bytes in the broker's log directories
     */
    record Written(long offsets, long bytesOnDisk) {
    }
}
