package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.AvroSerdeConfig;

class TrackerTopologyShapeTest {

    @Test
    void readsTheSixInputsWritesTheFiveOutputsAndKeepsFourStores() {
        Topology topology = TrackerTopology.build(RulesConfig.defaults(), AvroSerdeConfig.mockRegistry("shape"));
        TopologyDescription description = topology.describe();
        System.out.println(description);
        Set<String> sources = new HashSet<>();
        Set<String> sinks = new HashSet<>();
        Set<String> stores = new HashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source s) {
                    sources.addAll(s.topicSet());
                } else if (node instanceof TopologyDescription.Sink s) {
                    sinks.add(s.topic());
                } else if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertThat(sources).containsAll(Topics.INPUTS.stream().map(TopicSpec::name).toList());
        assertThat(sinks).containsAll(Topics.OUTPUTS.stream().map(TopicSpec::name).toList());
        assertThat(stores).containsAll(TrackerTopology.storeNames());
        // all six inputs and the workspace's acknowledgements feed one sub-topology: one task sees every event of a
        // patient and every acknowledgement of her alerts
        assertThat(description.subtopologies()).anySatisfy(sub -> assertThat(sub.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()))
                .containsExactlyInAnyOrderElementsOf(Topics.CO_PARTITIONED.stream().map(TopicSpec::name).toList()));
    }

    @Test
    void theSettleIntervalDoesNotChangeTheTopologySoItCanBeChangedBetweenRuns() {
        var serdes = AvroSerdeConfig.mockRegistry("shape");
        TopologyDescription immediate = TrackerTopology.build(RulesConfig.defaults(), serdes,
                TopologySettings.immediate()).describe();
        TopologyDescription settling = TrackerTopology.build(RulesConfig.defaults(), serdes,
                TopologySettings.defaults()).describe();
        assertThat(settling).isEqualTo(immediate);
        assertThat(settling.toString()).contains(TrackerTopology.PENDING_DECISIONS_STORE);
    }

    @Test
    void streamsDefaultsAreExactlyOnceWithTheBuiltInDeadLetterQueue() {
        Properties p = TrackerStreamsConfig.defaults();
        assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(p.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("plo.dlq.v1");
        assertThat(p.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(TrackerDeserializationExceptionHandler.class.getName());
        assertThat(p.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(TrackerProcessingExceptionHandler.class.getName());
        // left to the app (TrackerStreamsConfig.RECOMMENDED_MAX_TASK_IDLE_MS): a TopologyTestDriver never processes
        // with it set
        assertThat(p).doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        StreamsConfig config = new StreamsConfig(p);
        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("plo-tracker");
    }
}
