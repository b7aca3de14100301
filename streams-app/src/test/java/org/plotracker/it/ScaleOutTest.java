package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * Two tracker instances with one application id share the partitions (each gets active tasks, with one standby
 * replica of each task on the other); when one stops, the other takes over all tasks and completes the work.
 */
class ScaleOutTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void twoInstancesShareThePatientsAndOneFinishesWhenTheOtherStops() throws Exception {
        String applicationId = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        List<SpecificRecord> events = SyntheticCohort.of(120, 77L).events();
        List<SpecificRecord> firstHalf = events.subList(0, events.size() / 2);
        List<SpecificRecord> secondHalf = events.subList(events.size() / 2, events.size());
        Map<String, String> standby = Map.of("num.standby.replicas", "1");

        try (TrackerInstance a = TrackerInstance.start(config(applicationId, stateA, standby));
             TrackerInstance b = TrackerInstance.start(config(applicationId, stateB, standby))) {
            KafkaStreams streamsA = a.service().streams().kafkaStreams();
            KafkaStreams streamsB = b.service().streams().kafkaStreams();
            Conditions.waitUntil(() -> running(streamsA) && running(streamsB) && activeTasks(streamsA) > 0
                            && activeTasks(streamsB) > 0 && standbyTasks(streamsA) + standbyTasks(streamsB) > 0,
                    Duration.ofSeconds(120), "both instances to run with active and standby tasks");
            int totalActive = activeTasks(streamsA) + activeTasks(streamsB);

            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), firstHalf, 200);
            TrackerInstance.awaitCaughtUp(STACK.clientProperties(), applicationId, () -> a.service().streams()
                    .isHealthy() && b.service().streams().isHealthy());

            a.close();
            Conditions.waitUntil(() -> running(streamsB) && activeTasks(streamsB) == totalActive,
                    Duration.ofSeconds(120), "the remaining instance to take over all " + totalActive + " tasks");

            TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), secondHalf, 200);
            b.awaitDecided();
        }

        TopicContents actual = TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl());
        actual.assertExactlyOnceEquivalentTo(ExpectedOutputs.of(events), true);
    }

    private org.plotracker.app.AppConfig config(String applicationId, Path stateDir, Map<String, String> extra) {
        return TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(), applicationId, stateDir,
                extra);
    }

    private static boolean running(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private static int activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static int standbyTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().map(ThreadMetadata::standbyTasks).mapToInt(java.util.Set::size)
                .sum();
    }
}
