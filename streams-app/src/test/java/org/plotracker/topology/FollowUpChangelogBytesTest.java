package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.followup.FollowUpTopology;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The bytes the follow-up processor writes to its changelogs for one event do not grow with the length of the
 * patient's history: each event writes its own fact and what its plan changed, not every fact she ever had.
 */
class FollowUpChangelogBytesTest {

    private static final String SCOPE = "follow-up-changelog-bytes";
    private static final String P = "PAT-FU-BYTES";

    private TrackerDriver driver;

    @AfterEach
    void stop() {
        driver.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    /** Her delivery and index fracture, then {@code events} events 20 days apart (2010-2021: none in the future). */
    static List<SpecificRecord> longHistory(String patient, int events) {
        List<SpecificRecord> history = new ArrayList<>();
        history.add(TestEvents.delivery(patient, "d1", "2010-01-10"));
        history.add(TestEvents.fracture(patient, "f1", "2010-03-10", Vertebra.T12));
        LocalDate day = LocalDate.of(2010, 4, 1);
        for (int n = 0; n < events; n++) {
            day = day.plusDays(20);
            history.add(n % 3 == 0 ? TestEvents.started(patient, "t" + n, day.toString(), n % 2 == 0
                    ? TreatmentAgent.CALCIUM_VITAMIN_D : TreatmentAgent.DENOSUMAB)
                    : TestEvents.spineScan(patient, "s" + n, day.toString(), TestEvents.HOLOGIC_A,
                    0.80 - (n % 7) * 0.01, -2.0));
        }
        return history;
    }

    @Test
    void followUpChangelogBytesPerEventDoNotGrowWithHerHistory() {
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), TestSerdes.validator(),
                TopologySettings.defaults());
        List<SpecificRecord> history = longHistory(P, 200);
        driver.pipe(history.get(0));
        driver.pipe(history.get(1));
        followUpChangelogBytes();
        List<Long> bytesPerEvent = new ArrayList<>();
        for (SpecificRecord event : history.subList(2, history.size())) {
            driver.pipe(event);
            bytesPerEvent.add(followUpChangelogBytes());
        }
        double early = bytesPerEvent.subList(10, 40).stream().mapToLong(Long::longValue).average().orElseThrow();
        double late = bytesPerEvent.subList(170, 200).stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(early).as("follow-up changelog bytes per event at events 10-40").isPositive();
        assertThat(late).as("follow-up changelog bytes per event at events 170-200 vs 10-40: %s vs %s", late, early)
                .isLessThan(early * 1.25);
        assertThat(driver.deadLetters()).isEmpty();
    }

    /** Bytes (keys and values) written to the changelogs of the follow-up stores since the last call. */
    private long followUpChangelogBytes() {
        long bytes = 0;
        for (String topic : driver.driver().producedTopicNames()) {
            if (FollowUpTopology.storeNames().stream().noneMatch(s -> topic.endsWith("-" + s + "-changelog"))) {
                continue;
            }
            for (var r : driver.driver().createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).readRecordsToList()) {
                bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            }
        }
        return bytes;
    }
}
