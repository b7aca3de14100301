package org.plotracker.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.serde.AvroSerdes;

/** Reads everything the tracker has committed to its alert and derived topics. */
public final class TrackerOutputTopics {

    private final Map<String, Object> clientProperties;
    private final CommittedTopicReader reader;

    /** @param clientProperties connection, security and registry settings */
    public TrackerOutputTopics(Map<String, Object> clientProperties, Duration timeout) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.reader = new CommittedTopicReader(clientProperties, timeout);
    }

    public TrackerOutputs readAll() throws TimeoutException {
        return new TrackerOutputs(read(Topics.BMD_CHANGE), read(Topics.BMD_CHANGE_ALERTS),
                read(Topics.RECURRENCE_RISK_ALERTS), read(Topics.COHORT_SUMMARY));
    }

    /** Every committed record of one catalogue topic, decoded with the registry's schemas. */
    public <V extends SpecificRecord> List<TopicRecord<V>> read(TopicSpec<V> topic) throws TimeoutException {
        try (Deserializer<V> deserializer = AvroSerdes.valueSerde(topic, clientProperties).deserializer()) {
            return reader.readAll(topic.name(), deserializer);
        }
    }
}
