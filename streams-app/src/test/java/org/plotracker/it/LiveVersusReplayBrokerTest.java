package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.topology.TrackerTopology;

/**
 * Same history, same alerts on a real broker (issue 10): the six source cases published live, one event at a time as
 * a clinic records them (each stamped with the moment it is published, the tracker caught up before the next), then
 * replayed at full speed from the beginning by a second tracker under a new {@code application.id}. Both run with the
 * shipped settings (3 s settle interval on recorded time, 2 s idle threshold). Every alert, bmd-change and timeline
 * record is the same, in full, in the same order per patient, and the same as the topology test driver writes.
 */
@Tag("integration")
class LiveVersusReplayBrokerTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    Path liveState;

    @TempDir
    Path replayState;

    @Test
    void aLivePacedRunAndAFastReplayUnderANewApplicationIdWriteTheSameRecords() throws Exception {
        List<SpecificRecord> published = new ArrayList<>();
        TopicContents live;
        try (TrackerInstance tracker = start(EmbeddedStackExtension.uniqueName("live"), liveState)) {
            for (SpecificRecord event : SourceCases.events()) {
                SpecificRecord recordedNow = recordedAt(event, Instant.now().truncatedTo(ChronoUnit.MILLIS));
                published.add(recordedNow);
                TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), List.of(recordedNow), 1);
                tracker.awaitCaughtUp();
            }
            assertThat(TrackerTopology.awaitAlertsSettled(tracker.service().streams().kafkaStreams(),
                    TrackerInstance.TIMEOUT)).as("live decisions taken").isTrue();
            live = TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl());
        }

        TopicContents replay;
        try (TrackerInstance tracker = start(EmbeddedStackExtension.uniqueName("replay"), replayState)) {
            tracker.awaitCaughtUp();
            assertThat(TrackerTopology.awaitAlertsSettled(tracker.service().streams().kafkaStreams(),
                    TrackerInstance.TIMEOUT)).as("replayed decisions taken").isTrue();
            replay = TrackerInstance.outputs(STACK.clientProperties(), STACK.schemaRegistryUrl()).after(live);
        }

        assertThat(live.of(Topics.BMD_CHANGE_ALERTS)).as("the three BMD-change alerts of the source cases").hasSize(3);
        assertThat(live.of(Topics.RECURRENCE_RISK_ALERTS)).hasSize(1);
        assertThat(replay.perPatientSequences()).isEqualTo(live.perPatientSequences());
        assertThat(live.perPatientSequences()).isEqualTo(ExpectedOutputs.of(published).perPatientSequences());
    }

    private static TrackerInstance start(String applicationId, Path stateDir) throws InterruptedException {
        return TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(),
                applicationId, stateDir, Map.of()));
    }

    private static SpecificRecord recordedAt(SpecificRecord event, Instant recordedAt) {
        SpecificRecord copy = SpecificData.getForClass(event.getClass()).deepCopy(event.getSchema(), event);
        ((GenericRecord) copy).put("recordedAt", recordedAt);
        return copy;
    }
}
