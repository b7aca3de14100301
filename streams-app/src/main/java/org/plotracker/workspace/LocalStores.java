package org.plotracker.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.plotracker.contracts.Topics;
import org.plotracker.workspace.readside.WorkspaceStores;

/**
 * Interactive queries (IQv2) of this instance's active partitions of the workspace stores. Every read names its
 * partitions and reads each partition's own result: a failed partition (not active here any more, restoring) is a
 * 503, never an empty answer.
 */
final class LocalStores {

    private final KafkaStreams streams;
    private final HostInfo self;

    LocalStores(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Entries of one patient's slice of {@code store}, in key order, from the partition that holds her. */
    <V> List<V> patientSlice(String store, String patientId, int partition) {
        List<V> values = new ArrayList<>();
        range(store, WorkspaceStores.patientFrom(patientId), WorkspaceStores.patientTo(patientId), Set.of(partition),
                (k, v) -> values.add((V) v));
        return values;
    }

    <V> V get(String store, String key, int partition) {
        StateQueryResult<V> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(key)).withPartitions(Set.of(partition)).requireActive());
        QueryResult<V> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure()) {
            throw WorkspaceException.unavailable("partition " + partition + " of " + store + " is not readable here"
                    + (answer == null ? "" : " (" + answer.getFailureReason() + ")"));
        }
        return answer.getResult();
    }

    /** The partitions this instance is active for (the workspace stores are in the inputs' sub-topology). */
    Set<Integer> activePartitions() {
        for (StreamsMetadata client : streams.metadataForAllStreamsClients()) {
            if (client.hostInfo().equals(self)) {
                Set<Integer> partitions = new java.util.TreeSet<>();
                for (TopicPartition tp : client.topicPartitions()) {
                    if (tp.topic().equals(Topics.ALERT_ACK.name())) {
                        partitions.add(tp.partition());
                    }
                }
                return partitions;
            }
        }
        return Set.of();
    }

    /** Every entry of {@code store} in the given partitions, each partition in key order. */
    <V> void scan(String store, Set<Integer> partitions, BiConsumer<String, V> each) {
        range(store, null, null, partitions, each);
    }

    @SuppressWarnings("unchecked")
    private <V> void range(String store, String from, String to, Set<Integer> partitions, BiConsumer<String, V> each) {
        if (partitions.isEmpty()) {
            return;
        }
        RangeQuery<String, V> query = from == null ? RangeQuery.withNoBounds() : RangeQuery.withRange(from, to);
        StateQueryResult<KeyValueIterator<String, V>> result = streams.query(StateQueryRequest.inStore(store)
                .withQuery(query).withPartitions(partitions).requireActive());
        for (int partition : partitions) {
            QueryResult<KeyValueIterator<String, V>> answer = result.getPartitionResults().get(partition);
            if (answer == null || answer.isFailure()) {
                throw WorkspaceException.unavailable("partition " + partition + " of " + store
                        + " is not readable here" + (answer == null ? "" : " (" + answer.getFailureReason() + ")"));
            }
            try (KeyValueIterator<String, V> entries = answer.getResult()) {
                while (entries.hasNext()) {
                    KeyValue<String, V> entry = entries.next();
                    each.accept(entry.key, entry.value);
                }
            }
        }
    }
}
