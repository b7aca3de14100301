package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.topology.TestEvents.HOLOGIC_A;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.patient.EventFingerprint;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The alert settling window: alerts are held per patient until her pending alerts have not changed for the window, so
 * that a batch of her events gives the same alerts whatever order the six input topics deliver it in.
 */
class AlertSettlingWindowTest {

    private static final String SCOPE = "alert-settling";
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final TopologySettings SETTLING = TopologySettings.defaults().alertSettle(WINDOW);
    /** Past the window and the punctuator's check interval. */
    private static final Duration PAST_THE_WINDOW = WINDOW.plus(SETTLING.alertCheckInterval()).plusMillis(1);
    private static final String P = "PAT-S";

    private final List<TrackerDriver> drivers = new ArrayList<>();

    @AfterEach
    void stop() {
        drivers.forEach(TrackerDriver::close);
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private TrackerDriver driver(TopologySettings settings) {
        TrackerDriver driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                TestSerdes.validator(), settings);
        drivers.add(driver);
        return driver;
    }

    /**
     * The source cases as a badly ordered batch: each patient's scans first (newest first), then her other events in
     * reverse recording order, so every follow-up scan comes before her treatment and fracture events; the patients
     * interleaved in reverse order.
     */
    private static List<SpecificRecord> scansFirst(List<SpecificRecord> events) {
        Map<String, List<SpecificRecord>> byPatient = new LinkedHashMap<>();
        events.forEach(e -> byPatient.computeIfAbsent(ClinicalEvent.patientId(e), k -> new ArrayList<>()).add(e));
        List<List<SpecificRecord>> perPatient = new ArrayList<>();
        for (List<SpecificRecord> own : byPatient.values()) {
            List<SpecificRecord> scans = own.stream().filter(e -> e instanceof DxaScanRecorded)
                    .sorted(ClinicalEvent.CLINICAL_ORDER.reversed()).toList();
            List<SpecificRecord> others = new ArrayList<>(own.stream().filter(e -> !(e instanceof DxaScanRecorded))
                    .toList());
            java.util.Collections.reverse(others);
            perPatient.add(0, Stream.concat(scans.stream(), others.stream()).toList());
        }
        List<SpecificRecord> batch = new ArrayList<>();
        for (int i = 0; batch.size() < events.size(); i++) {
            for (List<SpecificRecord> own : perPatient) {
                if (i < own.size()) {
                    batch.add(own.get(i));
                }
            }
        }
        return batch;
    }

    /** Alert id → fingerprint of the alert's whole content. */
    private static Map<String, String> byId(List<? extends SpecificRecord> alerts) {
        Map<String, String> result = new TreeMap<>();
        for (SpecificRecord alert : alerts) {
            String id = alert instanceof BmdChangeAlert b ? b.getAlertId() : ((RecurrenceRiskAlert) alert).getAlertId();
            assertThat(result.put(id, EventFingerprint.of(alert))).as("alert %s emitted twice", id).isNull();
        }
        return result;
    }

    private static BmdChangeAlert case2NeckAlert(List<BmdChangeAlert> alerts) {
        return alerts.stream().filter(a -> a.getPatientId().equals(SourceCases.patientId(2))
                && a.getChange().getSite() == DxaSite.FEMORAL_NECK).findFirst().orElseThrow();
    }

    @Test
    void theBadlyOrderedBatchSanityCheckPutsEveryFollowUpScanBeforeTreatmentAndFracture() {
        List<SpecificRecord> batch = scansFirst(SourceCases.events());
        assertThat(batch).containsExactlyInAnyOrderElementsOf(SourceCases.events());
        for (String patient : SourceCases.patientIds()) {
            List<SpecificRecord> own = batch.stream().filter(e -> ClinicalEvent.patientId(e).equals(patient))
                    .toList();
            int lastScan = 0;
            int firstTreatmentOrFracture = own.size();
            for (int i = 0; i < own.size(); i++) {
                if (own.get(i) instanceof DxaScanRecorded) {
                    lastScan = i;
                } else if ((own.get(i) instanceof TreatmentRecorded || own.get(i) instanceof FractureDiagnosed)
                        && firstTreatmentOrFracture == own.size()) {
                    firstTreatmentOrFracture = i;
                }
            }
            assertThat(lastScan).as(patient).isLessThan(firstTreatmentOrFracture);
        }
    }

    @Test
    void withoutAWindowTheBadlyOrderedBatchRaisesAWrongAlertForCase2() {
        TrackerDriver recorded = driver(TopologySettings.immediate());
        recorded.pipeAll(SourceCases.events());
        TrackerDriver badlyOrdered = driver(TopologySettings.immediate());
        badlyOrdered.pipeAll(scansFirst(SourceCases.events()));

        assertThat(case2NeckAlert(recorded.bmdAlerts()).getSeverity()).isEqualTo(AlertSeverity.HIGH);
        BmdChangeAlert wrong = case2NeckAlert(badlyOrdered.bmdAlerts());
        assertThat(wrong.getHeadline()).isEqualTo(
                "Loss beyond LSC at FEMORAL_NECK with no recorded bone treatment");
        assertThat(wrong.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
    }

    @Test
    void withAWindowTheBadlyOrderedBatchSettlesToExactlyTheAlertsOfTheRecordedOrder() {
        TrackerDriver recorded = driver(SETTLING);
        recorded.pipeAll(SourceCases.events());
        TrackerDriver badlyOrdered = driver(SETTLING);
        badlyOrdered.pipeAll(scansFirst(SourceCases.events()));
        for (TrackerDriver d : drivers) {
            assertThat(d.bmdAlerts()).as("nothing before the window elapsed").isEmpty();
            assertThat(d.recurrenceAlerts()).isEmpty();
            assertThat(d.patientsWithPendingAlerts()).isNotEmpty();
            d.advanceWallClock(PAST_THE_WINDOW);
            assertThat(d.patientsWithPendingAlerts()).as("every pending alert emitted").isEmpty();
        }

        List<BmdChangeAlert> bmd = recorded.bmdAlerts();
        List<RecurrenceRiskAlert> recurrence = recorded.recurrenceAlerts();
        List<BmdChangeAlert> bmdBadlyOrdered = badlyOrdered.bmdAlerts();
        List<RecurrenceRiskAlert> recurrenceBadlyOrdered = badlyOrdered.recurrenceAlerts();
        assertThat(bmd).hasSize(2);
        assertThat(byId(bmdBadlyOrdered)).isEqualTo(byId(bmd));
        assertThat(byId(recurrenceBadlyOrdered)).isEqualTo(byId(recurrence));
        assertThat(bmdBadlyOrdered).containsExactlyInAnyOrderElementsOf(bmd);
        assertThat(recurrenceBadlyOrdered).containsExactlyInAnyOrderElementsOf(recurrence);

        BmdChangeAlert case2 = case2NeckAlert(bmdBadlyOrdered);
        assertThat(case2.getHeadline()).isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE");
        assertThat(case2.getSeverity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(case2.getTriggeredByEventId()).isEqualTo("src-c2-dxa-followup");
        assertThat(recurrence).singleElement().satisfies(a -> {
            assertThat(a.getPatientId()).isEqualTo(SourceCases.patientId(4));
            assertThat(a.getTriggerEventId()).isEqualTo("src-c4-pregnancy-2");
        });
        // two BMD alerts in all (case 2's femoral neck, case 4's total hip after her second pregnancy): only the newest
        // scan at each site is alerted, so case 4's first follow-up is not
        assertThat(bmd).noneMatch(a -> a.getChange().getSite() == DxaSite.LUMBAR_SPINE
                && a.getChange().getLaterScanEventId().equals("src-c4-dxa-followup"));
        assertThat(bmd).anyMatch(a -> a.getChange().getLaterScanEventId().equals("src-c4-dxa-postpartum2"));
    }

    /** Delivery, a fracture 2 months later, a baseline scan; then a follow-up scan with a loss beyond the LSC. */
    private static void episodeAndLoss(TrackerDriver d) {
        d.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        d.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12));
        d.pipe(TestEvents.spineScan(P, "s1", "2024-03-12", HOLOGIC_A, 0.800, -1.5));
        d.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -1.9));
    }

    @Test
    void nothingIsEmittedBeforeThePatientHasBeenQuietForTheWindowRowsAreNotHeld() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        assertThat(d.bmdChanges()).as("rows are written at once").singleElement()
                .satisfies(r -> assertThat(r.getLaterScanEventId()).isEqualTo("s2"));
        assertThat(d.patientsWithPendingAlerts()).containsOnlyKeys(P);
        assertThat(d.patientState(P).getPendingBmdAlerts()).hasSize(1);

        d.advanceWallClock(WINDOW.minusMillis(100));
        assertThat(d.bmdAlerts()).isEmpty();

        d.advanceWallClock(SETTLING.alertCheckInterval().plusMillis(100));
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE with no recorded bone treatment");
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
            assertThat(a.getTriggeredByEventId()).isEqualTo("s2");
        });
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        PatientState state = d.patientState(P);
        assertThat(state.getPendingBmdAlerts()).isEmpty();
        assertThat(state.getBmdAlerts()).singleElement().satisfies(a -> assertThat(a.getLaterScanEventId())
                .isEqualTo("s2"));
    }

    @Test
    void aTreatmentRecordArrivingInTheWindowReplacesThePendingAlertAndRestartsTheWindow() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        BmdChangeAlert first = d.patientState(P).getPendingBmdAlerts().get(0);
        assertThat(first.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
        long firstChange = d.patientsWithPendingAlerts().get(P);

        d.advanceWallClock(Duration.ofSeconds(2));
        d.pipe(TestEvents.started(P, "t1", "2024-03-20", TreatmentAgent.TERIPARATIDE));
        BmdChangeAlert replaced = d.patientState(P).getPendingBmdAlerts().get(0);
        assertThat(replaced.getAlertId()).as("same pair, same id").isEqualTo(first.getAlertId());
        assertThat(replaced.getSeverity()).isEqualTo(AlertSeverity.HIGH);
        assertThat(d.patientsWithPendingAlerts().get(P)).isEqualTo(firstChange + 2000);

        d.advanceWallClock(Duration.ofMillis(1500));
        assertThat(d.bmdAlerts()).as("3.5 s after the scan, 1.5 s after the change").isEmpty();

        d.advanceWallClock(PAST_THE_WINDOW);
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getAlertId()).isEqualTo(first.getAlertId());
            assertThat(a.getHeadline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE while on TERIPARATIDE");
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(a.getChange().getTreatmentGroup()).isEqualTo(TreatmentGroup.ANABOLIC);
        });
    }

    @Test
    void anEventThatChangesNoPendingAlertDoesNotRestartTheWindow() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        long since = d.patientsWithPendingAlerts().get(P);
        BmdChangeAlert pending = d.patientState(P).getPendingBmdAlerts().get(0);
        d.advanceWallClock(Duration.ofSeconds(2));
        // the scan re-sent (a duplicate) and a treatment started after the scan: the pending alert stays the same
        d.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -1.9));
        d.pipe(TestEvents.started(P, "t-after", "2025-01-10", TreatmentAgent.CALCIUM_VITAMIN_D));
        assertThat(d.patientsWithPendingAlerts().get(P)).isEqualTo(since);

        d.advanceWallClock(Duration.ofMillis(1000).plus(SETTLING.alertCheckInterval()));
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> assertThat(EventFingerprint.of(a))
                .isEqualTo(EventFingerprint.of(pending)));
    }

    @Test
    void aPendingAlertNoLongerWarrantedIsDropped() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        assertThat(d.patientsWithPendingAlerts()).containsOnlyKeys(P);

        // a newer scan, stable against s2: s2 is no longer the newest scan, and s2 > s3 is not alert-worthy
        d.pipe(TestEvents.spineScan(P, "s3", "2025-03-12", HOLOGIC_A, 0.705, -1.8));
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        assertThat(d.patientState(P).getPendingBmdAlerts()).isEmpty();

        d.advanceWallClock(PAST_THE_WINDOW);
        assertThat(d.bmdAlerts()).isEmpty();
        assertThat(d.bmdChanges()).extracting(BmdChange::getLaterScanEventId).contains("s2", "s3");
    }

    @Test
    void aPregnancyFirstKnownFromItsDeliveryIsAlertedFromItsConfirmationWhenBothArriveInTheWindow() {
        TrackerDriver d = driver(SETTLING);
        d.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        d.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12, Vertebra.L1));
        d.pipe(TestEvents.delivery(P, "d2", "2025-10-01"));
        assertThat(d.patientState(P).getPendingRecurrenceAlerts()).singleElement()
                .satisfies(p -> assertThat(p.getAlert().getLateDetection()).isTrue());
        d.pipe(TestEvents.pregnancy(P, "p2", "2025-02-01"));

        d.advanceWallClock(PAST_THE_WINDOW);
        assertThat(d.recurrenceAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getTriggerEventId()).isEqualTo("p2");
            assertThat(a.getLateDetection()).isFalse();
        });
    }

    @Test
    void erasureWithinTheWindowEmitsNothing() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        d.pipe(TestEvents.pregnancy(P, "p2", "2025-02-01"));
        assertThat(d.patientsWithPendingAlerts()).containsOnlyKeys(P);

        d.pipe(TestEvents.erasure(P, "erase-1"));
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        assertThat(d.patientState(P)).isNull();

        d.advanceWallClock(PAST_THE_WINDOW);
        assertThat(d.bmdAlerts()).isEmpty();
        assertThat(d.recurrenceAlerts()).isEmpty();
    }

    @Test
    void anEventAfterTheAlertWasEmittedCorrectsTheRowButRaisesNoSecondAlert() {
        TrackerDriver d = driver(SETTLING);
        episodeAndLoss(d);
        d.advanceWallClock(PAST_THE_WINDOW);
        BmdChangeAlert alert = d.bmdAlerts().get(0);
        assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
        d.bmdChanges();

        // a late treatment record: the row is corrected at once, the alert stands
        d.pipe(TestEvents.started(P, "t1", "2024-03-20", TreatmentAgent.TERIPARATIDE));
        assertThat(d.bmdChanges()).singleElement().satisfies(r -> {
            assertThat(r.getChangeId()).isEqualTo(alert.getChange().getChangeId());
            assertThat(r.getTreatmentGroup()).isEqualTo(TreatmentGroup.ANABOLIC);
        });
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        d.advanceWallClock(PAST_THE_WINDOW);
        assertThat(d.bmdAlerts()).isEmpty();
    }

    @Test
    void aZeroWindowEmitsWithTheEventThatDecidedTheAlert() {
        TrackerDriver d = driver(TopologySettings.defaults().alertSettle(Duration.ZERO));
        episodeAndLoss(d);
        assertThat(d.bmdAlerts()).hasSize(1);
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        assertThat(d.patientState(P).getPendingBmdAlerts()).isEmpty();
    }

    @Test
    void eventsOfABatchArrivingLessThanTheWindowApartSettleTheSameAsEventsArrivingAtOnce() {
        TrackerDriver atOnce = driver(SETTLING);
        TrackerDriver spread = driver(SETTLING);
        for (SpecificRecord event : scansFirst(SourceCases.eventsFor(SourceCases.patientId(2)))) {
            atOnce.pipe(event);
            spread.pipe(event);
            spread.advanceWallClock(Duration.ofMillis(500));
            assertThat(spread.bmdAlerts()).isEmpty();
        }
        atOnce.advanceWallClock(PAST_THE_WINDOW);
        spread.advanceWallClock(PAST_THE_WINDOW);
        assertThat(byId(spread.bmdAlerts())).isEqualTo(byId(atOnce.bmdAlerts())).hasSize(1);
    }
}
