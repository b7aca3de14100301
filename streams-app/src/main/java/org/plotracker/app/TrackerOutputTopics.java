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

    private final Map<String, Object> careTeam;
    private final Map<String, Object> analyst;
    private final CommittedTopicReader careTeamReader;
    private final CommittedTopicReader analystReader;

    /** @param clientProperties connection, security and registry settings */
    public TrackerOutputTopics(Map<String, Object> clientProperties, Duration timeout) {
        this(clientProperties, clientProperties, timeout);
    }

    /**
     * Reads alerts with the care team's settings and derived topics with the analyst's, as those roles would on a
     * secured cluster (docs/security.md).
     */
    public TrackerOutputTopics(Map<String, Object> careTeam, Map<String, Object> analyst, Duration timeout) {
        this.careTeam = Map.copyOf(careTeam);
        this.analyst = Map.copyOf(analyst);
        this.careTeamReader = new CommittedTopicReader(careTeam, timeout);
        this.analystReader = careTeam.equals(analyst) ? careTeamReader : new CommittedTopicReader(analyst, timeout);
    }

    /** The four topics of the report: the alerts in one pass, the derived topics in another. */
    public TrackerOutputs readAll() throws TimeoutException {
        Map<String, List<TopicRecord<byte[]>>> raw = new java.util.HashMap<>(careTeamReader.readRaw(List.of(
                Topics.BMD_CHANGE_ALERTS.name(), Topics.RECURRENCE_RISK_ALERTS.name())));
        raw.putAll(analystReader.readRaw(List.of(Topics.BMD_CHANGE.name(), Topics.COHORT_SUMMARY.name())));
        return new TrackerOutputs(decode(Topics.BMD_CHANGE, raw), decode(Topics.BMD_CHANGE_ALERTS, raw),
                decode(Topics.RECURRENCE_RISK_ALERTS, raw), decode(Topics.COHORT_SUMMARY, raw));
    }

    /** Every committed record of one catalogue topic, decoded with the registry's schemas. */
    public <V extends SpecificRecord> List<TopicRecord<V>> read(TopicSpec<V> topic) throws TimeoutException {
        try (Deserializer<V> deserializer = AvroSerdes.valueSerde(topic, settingsFor(topic)).deserializer()) {
            return readerFor(topic).readAll(topic.name(), deserializer);
        }
    }

    private boolean alert(TopicSpec<?> topic) {
        return Topics.ALERTS.contains(topic);
    }

    private Map<String, Object> settingsFor(TopicSpec<?> topic) {
        return alert(topic) ? careTeam : analyst;
    }

    private CommittedTopicReader readerFor(TopicSpec<?> topic) {
        return alert(topic) ? careTeamReader : analystReader;
    }

    private <V extends SpecificRecord> List<TopicRecord<V>> decode(TopicSpec<V> topic,
                                                                   Map<String, List<TopicRecord<byte[]>>> raw) {
        try (Deserializer<V> deserializer = AvroSerdes.valueSerde(topic, settingsFor(topic)).deserializer()) {
            return CommittedTopicReader.decode(topic.name(), raw.get(topic.name()), deserializer);
        }
    }
}
