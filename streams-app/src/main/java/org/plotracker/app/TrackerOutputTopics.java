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

    /** The four topics of the report, read in one pass. */
    public TrackerOutputs readAll() throws TimeoutException {
        Map<String, List<TopicRecord<byte[]>>> raw = reader.readRaw(List.of(Topics.BMD_CHANGE.name(),
                Topics.BMD_CHANGE_ALERTS.name(), Topics.RECURRENCE_RISK_ALERTS.name(), Topics.COHORT_SUMMARY.name()));
        return new TrackerOutputs(decode(Topics.BMD_CHANGE, raw), decode(Topics.BMD_CHANGE_ALERTS, raw),
                decode(Topics.RECURRENCE_RISK_ALERTS, raw), decode(Topics.COHORT_SUMMARY, raw));
    }

    /** Every committed record of one catalogue topic, decoded with the registry's schemas. */
    public <V extends SpecificRecord> List<TopicRecord<V>> read(TopicSpec<V> topic) throws TimeoutException {
        try (Deserializer<V> deserializer = AvroSerdes.valueSerde(topic, clientProperties).deserializer()) {
            return reader.readAll(topic.name(), deserializer);
        }
    }

    private <V extends SpecificRecord> List<TopicRecord<V>> decode(TopicSpec<V> topic,
                                                                   Map<String, List<TopicRecord<byte[]>>> raw) {
        try (Deserializer<V> deserializer = AvroSerdes.valueSerde(topic, clientProperties).deserializer()) {
            return CommittedTopicReader.decode(topic.name(), raw.get(topic.name()), deserializer);
        }
    }
}
