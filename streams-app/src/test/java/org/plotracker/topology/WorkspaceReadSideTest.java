package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.topology.TestEvents.HOLOGIC_A;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.internal.WorkspaceAlert;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;
import org.plotracker.workspace.readside.WorkspaceStores;

/**
 * The workspace's read-side stores through the production topology: one entry per admitted event in clinical order,
 * the alert card and its place on the worklist, acknowledgement in either order, and erasure of every slice.
 */
class WorkspaceReadSideTest {

    private static final String SCOPE = "workspace-read-side";
    private static final String P = "PAT-W1";
    private static final String OTHER = "PAT-W10";

    private TrackerDriver driver;

    @BeforeEach
    void start() {
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), TestSerdes.validator());
    }

    @AfterEach
    void stop() {
        driver.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    /** An episode and a follow-up scan with a loss beyond the LSC: one BMD-change alert. */
    private BmdChangeAlert episodeWithLoss(String patient) {
        driver.pipe(TestEvents.delivery(patient, patient + "-d1", "2024-01-10"));
        driver.pipe(TestEvents.fracture(patient, patient + "-f1", "2024-03-10", Vertebra.T12, Vertebra.L1));
        driver.pipe(TestEvents.spineScan(patient, patient + "-s2", "2024-12-12", HOLOGIC_A, 0.700, -3.2));
        driver.pipe(TestEvents.started(patient, patient + "-t1", "2024-03-12", TreatmentAgent.CALCIUM_VITAMIN_D));
        driver.pipe(TestEvents.spineScan(patient, patient + "-s1", "2024-03-12", HOLOGIC_A, 0.800, -2.5));
        List<BmdChangeAlert> alerts = driver.bmdAlerts();
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }

    @Test
    void eachAdmittedEventIsOneEntryInClinicalOrderAndTheAlertIsOnTheWorklist() {
        BmdChangeAlert alert = episodeWithLoss(P);

        Map<String, WorkspaceEntry> events = driver.store(WorkspaceStores.PATIENT_EVENTS);
        assertThat(events.keySet()).containsExactly(
                P + "|2024-01-10|" + P + "-d1", P + "|2024-03-10|" + P + "-f1", P + "|2024-03-12|" + P + "-s1",
                P + "|2024-03-12|" + P + "-t1", P + "|2024-12-12|" + P + "-s2");
        WorkspaceEntry scan = events.get(P + "|2024-12-12|" + P + "-s2");
        assertThat(scan.getKind()).isEqualTo("DXA_SCAN");
        assertThat(scan.getMeasurements()).singleElement().satisfies(m -> {
            assertThat(m.getSite()).isEqualTo("LUMBAR_SPINE");
            assertThat(m.getBmd()).isEqualTo(0.700);
            assertThat(m.getZ()).isEqualTo(-3.2);
        });

        Map<String, WorkspaceAlert> worklist = driver.store(WorkspaceStores.WORKLIST);
        assertThat(worklist).hasSize(1);
        WorkspaceAlert card = worklist.values().iterator().next();
        assertThat(card.getAlertId()).isEqualTo(alert.getAlertId());
        assertThat(card.getSeverity()).isEqualTo(alert.getSeverity().name());
        assertThat(card.getReasons()).isNotEmpty();
        assertThat(worklist.keySet().iterator().next()).startsWith(
                WorkspaceStores.severityRank(alert.getSeverity().name()) + "|"
                        + String.format("%013d", alert.getRaisedAt().toEpochMilli()) + "|" + P + "|");
        assertThat(driver.<WorkspaceAlert>store(WorkspaceStores.ALERTS))
                .containsOnlyKeys(P + "|" + alert.getAlertId());
        assertThat(driver.store(WorkspaceStores.BMD_CHANGES).keySet()).allMatch(k -> k.startsWith(P + "|"))
                .isNotEmpty();
    }

    @Test
    void anAcknowledgementTakesTheAlertOffTheWorklistAndKeepsWhoAndWhy() {
        BmdChangeAlert alert = episodeWithLoss(P);
        driver.acknowledge(ack(P, alert.getAlertId(), "ack-1"));

        assertThat(driver.store(WorkspaceStores.WORKLIST)).isEmpty();
        WorkspaceAlert card = driver.<WorkspaceAlert>store(WorkspaceStores.ALERTS).get(P + "|" + alert.getAlertId());
        assertThat(card.getAcknowledgedBy()).isEqualTo("dr-ack");
        assertThat(card.getAcknowledgementNote()).isEqualTo("seen");
        assertThat(card.getAcknowledgementEventId()).isEqualTo("ack-1");

        // a second acknowledgement of the same alert keeps the first
        driver.acknowledge(ack(P, alert.getAlertId(), "ack-2"));
        assertThat(driver.<WorkspaceAlert>store(WorkspaceStores.ALERTS).get(P + "|" + alert.getAlertId())
                .getAcknowledgementEventId()).isEqualTo("ack-1");
    }

    @Test
    void anAcknowledgementReadBeforeItsAlertIsAppliedWhenTheAlertArrives() {
        String alertId;
        try (TrackerDriver first = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                TestSerdes.validator())) {
            TrackerDriver keep = driver;
            driver = first;
            alertId = episodeWithLoss(P).getAlertId();
            driver = keep;
        }
        driver.acknowledge(ack(P, alertId, "ack-early"));
        assertThat(driver.store(WorkspaceStores.ALERTS)).isEmpty();

        episodeWithLoss(P);
        assertThat(driver.store(WorkspaceStores.WORKLIST)).isEmpty();
        assertThat(driver.<WorkspaceAlert>store(WorkspaceStores.ALERTS).get(P + "|" + alertId)
                .getAcknowledgementEventId()).isEqualTo("ack-early");
    }

    @Test
    void erasureRemovesThePatientFromEveryWorkspaceStoreAndLeavesOthersAlone() {
        episodeWithLoss(P);
        episodeWithLoss(OTHER);
        driver.pipe(TestEvents.erasure(P, "erase-1"));

        for (String store : WorkspaceStores.storeNames()) {
            assertThat(driver.store(store).keySet()).as(store)
                    .noneMatch(k -> k.equals(P) || k.startsWith(P + "|") || k.contains("|" + P + "|"));
        }
        assertThat(driver.store(WorkspaceStores.PATIENT_EVENTS).keySet()).hasSize(5)
                .allMatch(k -> k.startsWith(OTHER + "|"));
        assertThat(driver.store(WorkspaceStores.WORKLIST)).hasSize(1);
    }

    private static AlertAcknowledged ack(String patient, String alertId, String eventId) {
        return AlertAcknowledged.newBuilder().setEventId(eventId).setPatientId(patient).setAlertId(alertId)
                .setAcknowledgedBy("dr-ack").setRole("CARE_TEAM").setNote("seen")
                .setRecordedAt(Instant.parse("2025-01-05T10:00:00Z")).setSourceSystem("test").build();
    }
}
