package org.plotracker.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.plotracker.app.StreamsSettings;
import org.plotracker.app.TopologyWiring;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.publish.EventPublisher;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.topology.TopologySettings;

/**
 * What the tracker must produce for a list of events: the same topology, rules and serdes run through Kafka's
 * {@link TopologyTestDriver} (no broker, one event at a time in the given order). The integration tests compare the
 * real broker's committed output with this.
 */
final class ExpectedOutputs {

    private ExpectedOutputs() {
    }

    static TopicContents of(List<? extends SpecificRecord> events) {
        Map<String, Object> serdeConfig = new HashMap<>(AvroSerdeConfig.mockRegistry("expected-" + UUID.randomUUID()));
        Properties properties = new Properties();
        properties.putAll(StreamsSettings.appDefaults());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "expected-outputs");
        // the test driver processes each piped record at once; waiting for other partitions would stall it
        properties.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("plo-expected-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.putAll(serdeConfig);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TopologyWiring.topology(serdeConfig, RulesConfig.defaults(), TopologySettings.defaults()),
                properties)) {
            Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
            for (SpecificRecord event : events) {
                TopicSpec<?> topic = EventPublisher.topicFor(event.getClass());
                inputs.computeIfAbsent(topic.name(), name -> driver.createInputTopic(name, new StringSerializer(),
                                serializer(topic, serdeConfig)))
                        .pipeInput((String) event.get(event.getSchema().getField("patientId").pos()), event,
                                (java.time.Instant) event.get(event.getSchema().getField("recordedAt").pos()));
            }
            // then idle: the tracker's clock follows the wall clock and every pending decision is taken
            driver.advanceWallClockTime(TopologySettings.DEFAULT_IDLE_AFTER.plusSeconds(1));
            Map<TopicSpec<?>, List<? extends TopicRecord<?>>> outputs = new HashMap<>();
            for (TopicSpec<?> topic : Topics.OUTPUTS) {
                outputs.put(topic, readAny(driver, topic, serdeConfig));
            }
            return new TopicContents(outputs);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<? extends TopicRecord<?>> readAny(TopologyTestDriver driver, TopicSpec<?> topic,
                                                         Map<String, Object> config) {
        return (List) read(driver, (TopicSpec) topic, config);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.apache.kafka.common.serialization.Serializer<SpecificRecord> serializer(TopicSpec<?> topic,
                                                                                          Map<String, Object> config) {
        Serde serde = AvroSerdes.valueSerde((TopicSpec) topic, config);
        return serde.serializer();
    }

    private static <V extends SpecificRecord> List<TopicRecord<V>> read(TopologyTestDriver driver, TopicSpec<V> topic,
                                                                       Map<String, Object> config) {
        Serde<V> serde = AvroSerdes.valueSerde(topic, config);
        TestOutputTopic<String, V> output = driver.createOutputTopic(topic.name(), new StringDeserializer(),
                serde.deserializer());
        List<TopicRecord<V>> records = new ArrayList<>();
        long offset = 0;
        for (TestRecord<String, V> record : output.readRecordsToList()) {
            records.add(new TopicRecord<>(record.key(), record.value(), 0, offset++));
        }
        return records;
    }
}
