package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.topology.TestEvents.HOLOGIC_A;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * Decisions on recorded time (docs/architecture.md): a patient is decided as of each event's recordedAt once the
 * tracker's clock has passed it by the settle interval; late events, amendments and retractions correct or withdraw
 * what was raised. The clock of a TopologyTestDriver is the stream time of the piped records' recordedAt, and follows
 * the driver's wall clock once no record was piped for the idle threshold.
 */
class RecordedTimeDecisionsTest {

    private static final String SCOPE = "recorded-time";
    private static final TopologySettings DEFAULTS = TopologySettings.defaults();
    /** Past the idle threshold and the punctuator's interval: the clock then follows the (2026) wall clock. */
    private static final Duration IDLE = DEFAULTS.idleAfter().plus(DEFAULTS.alertCheckInterval()).plusMillis(1);
    private static final String P = "PAT-R";

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

    /** Delivery, a fracture 2 months later, a baseline scan; then a follow-up scan with a loss beyond the LSC. */
    private static void episodeAndLoss(TrackerDriver d) {
        d.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        d.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12));
        d.pipe(TestEvents.spineScan(P, "s1", "2024-03-12", HOLOGIC_A, 0.800, -1.5));
        d.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -1.9));
    }

    /** Each patient's events, every follow-up scan first: the order a badly interleaved batch may arrive in. */
    static List<SpecificRecord> scansFirst(List<SpecificRecord> events) {
        Map<String, List<SpecificRecord>> byPatient = new LinkedHashMap<>();
        events.forEach(e -> byPatient.computeIfAbsent(ClinicalEvent.patientId(e), k -> new ArrayList<>()).add(e));
        List<SpecificRecord> batch = new ArrayList<>();
        for (List<SpecificRecord> own : byPatient.values()) {
            own.stream().filter(e -> e instanceof DxaScanRecorded).sorted(ClinicalEvent.CLINICAL_ORDER.reversed())
                    .forEach(batch::add);
            own.stream().filter(e -> !(e instanceof DxaScanRecorded)).forEach(batch::add);
        }
        return batch;
    }

    @Test
    void aDecisionWaitsUntilTheClockHasPassedTheRecordedAtByTheSettleInterval() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        // the three earlier events were decided as stream time passed them; s2 is still within its settle interval
        assertThat(d.bmdAlerts()).isEmpty();
        assertThat(d.bmdChanges()).isEmpty();
        assertThat(d.patientsWithPendingAlerts()).containsOnlyKeys(P);

        // a later-recorded event of another patient moves stream time past s2's recordedAt + 3 s
        d.pipe(TestEvents.delivery("PAT-OTHER", "o1", "2024-12-13"));
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.getOriginalAlertId()).isEqualTo(a.getAlertId());
            assertThat(a.getRevision()).isZero();
            assertThat(a.getDecidedAsOf()).isEqualTo(Instant.parse("2024-12-12T12:00:00Z"));
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
        });
        assertThat(d.bmdChanges()).singleElement().satisfies(r -> assertThat(r.getLaterScanEventId()).isEqualTo("s2"));
    }

    @Test
    void anIdleTaskFollowsTheWallClockSoLiveDecisionsAreNotHeldBack() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        d.advanceWallClock(DEFAULTS.idleAfter().minusMillis(200));
        assertThat(d.bmdAlerts()).as("not idle yet: the clock is still recorded time").isEmpty();
        d.advanceWallClock(Duration.ofMillis(200).plus(DEFAULTS.alertCheckInterval()));
        assertThat(d.bmdAlerts()).hasSize(1);
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
    }

    @Test
    void aZeroSettleIntervalDecidesWithTheEvent() {
        TrackerDriver d = driver(TopologySettings.immediate());
        episodeAndLoss(d);
        assertThat(d.bmdAlerts()).hasSize(1);
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
    }

    @Test
    void aLateTreatmentRecordCorrectsTheRaisedAlertNamingTheOneItReplaces() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        d.advanceWallClock(IDLE);
        BmdChangeAlert raised = d.bmdAlerts().get(0);
        d.bmdChanges();

        // recorded in March, reaching the tracker only now: it changes the treatment of the compared interval
        d.pipe(TestEvents.started(P, "t1", "2024-03-20", TreatmentAgent.TERIPARATIDE));
        d.advanceWallClock(IDLE);
        assertThat(d.bmdAlerts()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(AlertStatus.CORRECTED);
            assertThat(c.getOriginalAlertId()).isEqualTo(raised.getAlertId());
            assertThat(c.getReplacesAlertId()).isEqualTo(raised.getAlertId());
            assertThat(c.getAlertId()).isEqualTo(raised.getAlertId() + "-r1");
            assertThat(c.getRevision()).isEqualTo(1);
            assertThat(c.getSeverity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(c.getHeadline()).isEqualTo("Loss beyond LSC at LUMBAR_SPINE while on TERIPARATIDE");
            assertThat(c.getChange().getTreatmentGroup()).isEqualTo(TreatmentGroup.ANABOLIC);
            assertThat(c.getStatusReason()).contains("t1");
        });
        assertThat(d.bmdChanges()).singleElement()
                .satisfies(r -> assertThat(r.getTreatmentGroup()).isEqualTo(TreatmentGroup.ANABOLIC));
    }

    @Test
    void anAmendedScanCorrectsTheAlertAndARetractionWithdrawsItAndSupersedesItsRow() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        d.advanceWallClock(IDLE);
        BmdChangeAlert raised = d.bmdAlerts().get(0);
        d.bmdChanges();
        DxaScanRecorded s2 = TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -1.9);

        // revision 1 of s2: the BMD was mistyped, the loss is larger and Z lower
        DxaScanRecorded amended = TestEvents.revised(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.650,
                -2.4), 1, Instant.parse("2025-01-05T09:00:00Z"), EntryStatus.ENTERED);
        d.pipe(amended);
        d.advanceWallClock(IDLE);
        BmdChangeAlert corrected = d.bmdAlerts().get(0);
        assertThat(corrected.getStatus()).isEqualTo(AlertStatus.CORRECTED);
        assertThat(corrected.getOriginalAlertId()).isEqualTo(raised.getAlertId());
        assertThat(corrected.getChange().getLaterBmd()).isEqualTo(0.650);
        assertThat(d.bmdChanges()).singleElement().satisfies(r -> assertThat(r.getLaterBmd()).isEqualTo(0.650));

        // the same revision with other content is a conflict naming the field
        d.pipe(TestEvents.revised(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.660, -2.4), 1,
                Instant.parse("2025-01-05T09:00:00Z"), EntryStatus.ENTERED));
        assertThat(d.deadLetters()).singleElement().satisfies(r -> assertThat(new String(
                r.headers().lastHeader("__streams.errors.message").value())).contains("differing fields: measurements"));

        // revision 2 retracts it: the alert is withdrawn, its row superseded, the cohort contribution retracted
        d.pipe(TestEvents.revised(s2, 2, Instant.parse("2025-01-06T09:00:00Z"), EntryStatus.ENTERED_IN_ERROR));
        d.advanceWallClock(IDLE);
        assertThat(d.bmdAlerts()).singleElement().satisfies(w -> {
            assertThat(w.getStatus()).isEqualTo(AlertStatus.WITHDRAWN);
            assertThat(w.getRevision()).isEqualTo(2);
            assertThat(w.getReplacesAlertId()).isEqualTo(corrected.getAlertId());
            assertThat(w.getStatusReason()).startsWith("scan s2 was retracted (entered in error)");
        });
        assertThat(d.bmdChanges()).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(RowStatus.SUPERSEDED);
            assertThat(r.getLaterScanEventId()).isEqualTo("s2");
        });
        assertThat(d.timelines()).last().satisfies(t -> assertThat(t.value.getEntries())
                .noneMatch(e -> e.getEventId().equals("s2")));
    }

    @Test
    void aBatchRecordedTogetherGivesTheSameRecordsWhateverItsArrivalOrder() {
        // one clinic export: every event recorded within one second, published in two different orders
        List<SpecificRecord> events = new ArrayList<>();
        Instant exported = Instant.parse("2026-02-01T10:00:00Z");
        int i = 0;
        for (SpecificRecord e : SourceCases.events()) {
            events.add(TestEvents.revised(e, 0, exported.plusMillis(i++ * 7L % 900), EntryStatus.ENTERED));
        }
        TrackerDriver recorded = driver(DEFAULTS);
        recorded.pipeAll(events);
        TrackerDriver scansFirst = driver(DEFAULTS);
        scansFirst.pipeAll(scansFirst(events));
        for (TrackerDriver d : List.of(recorded, scansFirst)) {
            d.advanceWallClock(IDLE);
        }
        assertThat(TopologyOutputs.of(scansFirst)).isEqualTo(TopologyOutputs.of(recorded));
    }

    @Test
    void theSourceCasesGiveTheSameAlertsAtSettleZeroTheDefaultAndReplayed() {
        TrackerDriver zero = driver(TopologySettings.immediate());
        zero.pipeAll(SourceCases.events());
        zero.advanceWallClock(IDLE);
        TrackerDriver live = driver(DEFAULTS);
        for (SpecificRecord e : SourceCases.events()) {
            live.pipe(e);
            live.advanceWallClock(Duration.ofMillis(50));
        }
        live.advanceWallClock(IDLE);
        TrackerDriver replayed = driver(DEFAULTS);
        replayed.pipeAll(SourceCases.events());
        replayed.advanceWallClock(IDLE);

        TopologyOutputs expected = TopologyOutputs.of(zero);
        assertThat(TopologyOutputs.of(live)).isEqualTo(expected);
        assertThat(TopologyOutputs.of(replayed)).isEqualTo(expected);
        // case 4's pre-pregnancy follow-up is alerted: it was the newest scan at her spine when it was recorded
        assertThat(expected.bmdAlerts()).hasSize(3).anySatisfy(a -> {
            assertThat(a.getChange().getLaterScanEventId()).isEqualTo("src-c4-dxa-prepregnancy");
            assertThat(a.getChange().getSite()).isEqualTo(DxaSite.LUMBAR_SPINE);
            assertThat(a.getHeadline()).contains("Z-score still low");
        });
        assertThat(expected.bmdAlerts()).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(AlertStatus.RAISED));
    }

    @Test
    void aBadlyOrderedBatchEndsWithTheLatestAlertsAndRowsOfTheRecordedOrder() {
        TrackerDriver recorded = driver(DEFAULTS);
        recorded.pipeAll(SourceCases.events());
        TrackerDriver badlyOrdered = driver(DEFAULTS);
        badlyOrdered.pipeAll(scansFirst(SourceCases.events()));
        for (TrackerDriver d : drivers) {
            d.advanceWallClock(IDLE);
        }
        TopologyOutputs expected = TopologyOutputs.of(recorded);
        TopologyOutputs actual = TopologyOutputs.of(badlyOrdered);
        assertThat(actual.latestStanding()).isEqualTo(expected.latestStanding());
        // case 2's femoral-neck alert: raised before her treatment records arrived, then corrected with them
        assertThat(actual.latestStanding().values()).anySatisfy(a -> assertThat(a).contains(
                "Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE"));
    }

    @Test
    void erasureWithinTheSettleIntervalEmitsNoAlertAndARepublishedHistoryGetsNewAlertIds() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        d.advanceWallClock(IDLE);
        String firstId = d.bmdAlerts().get(0).getAlertId();

        DxaScanRecorded s3 = TestEvents.spineScan(P, "s3", "2025-06-12", HOLOGIC_A, 0.600, -2.6);
        d.pipe(s3);
        d.pipe(TestEvents.erasure(P, "erase-1", s3.getRecordedAt().plus(DEFAULTS.alertSettle()).minusMillis(1)));
        assertThat(d.patientsWithPendingAlerts()).isEmpty();
        d.advanceWallClock(IDLE);
        assertThat(d.bmdAlerts()).isEmpty();
        for (String store : List.of(TrackerTopology.EVENTS_STORE, TrackerTopology.SUMMARY_STORE,
                TrackerTopology.OUTPUTS_STORE)) {
            assertThat(d.storeKeysOf(store, P)).as(store).isEmpty();
        }
        assertThat(d.storeKeysOf(TrackerTopology.ERASED_STORE, P)).containsExactly(P);

        episodeAndLoss(d);
        d.advanceWallClock(IDLE);
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getStatus()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.getAlertId()).startsWith("bmd-").isNotEqualTo(firstId);
        });
    }

    @Test
    void anErasureRecordedAfterTheSettleIntervalComesAfterTheDecisionLiveProcessingTook() {
        TrackerDriver d = driver(DEFAULTS);
        episodeAndLoss(d);
        d.advanceWallClock(IDLE);
        d.bmdAlerts();

        DxaScanRecorded s3 = TestEvents.spineScan(P, "s3", "2025-06-12", HOLOGIC_A, 0.600, -2.6);
        d.pipe(s3);
        // one batch, as a replay reads it: the erasure was recorded after s3's decision instant, so live processing
        // had raised s3's alert before the erasure arrived, and so does the replay
        d.pipe(TestEvents.erasure(P, "erase-1", s3.getRecordedAt().plus(DEFAULTS.alertSettle())));
        assertThat(d.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getTriggeredByEventId()).isEqualTo("s3");
            assertThat(a.getDecidedAsOf()).isEqualTo(s3.getRecordedAt());
        });
        assertThat(d.storeKeysOf(TrackerTopology.EVENTS_STORE, P)).isEmpty();
        assertThat(d.storeKeysOf(TrackerTopology.ERASED_STORE, P)).containsExactly(P);
    }

    /**
     * The bytes the tracker's stores write to their changelogs per event (TopologyTestDriver keeps them; caching is
     * off in the driver, so this is the uncached worst case): flat in the length of her history, where the former
     * whole-record store wrote a value that grew with every event.
     */
    @Test
    void changelogBytesPerEventDoNotGrowWithHerHistory() {
        TrackerDriver d = driver(DEFAULTS);
        d.pipe(TestEvents.delivery(P, "d1", "2010-01-10"));
        d.pipe(TestEvents.fracture(P, "f1", "2010-03-10", Vertebra.T12));
        java.time.LocalDate day = java.time.LocalDate.of(2010, 4, 1);
        List<Long> bytesPerEvent = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            day = day.plusDays(20);
            d.pipe(n % 3 == 0 ? TestEvents.started(P, "t" + n, day.toString(), n % 2 == 0
                    ? TreatmentAgent.CALCIUM_VITAMIN_D : TreatmentAgent.DENOSUMAB)
                    : TestEvents.spineScan(P, "s" + n, day.toString(), HOLOGIC_A, 0.80 - (n % 7) * 0.01, -2.0));
            bytesPerEvent.add(d.changelogBytes());
        }
        double early = bytesPerEvent.subList(10, 40).stream().mapToLong(Long::longValue).average().orElseThrow();
        double late = bytesPerEvent.subList(170, 200).stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(late).as("bytes per event at events 170-200 vs 10-40: %s vs %s", late, early)
                .isLessThan(early * 1.25);
        // every event accepted (none dated in the future, none dead-lettered), so the late window measures her
        // 170th to 200th events; absolute bytes are the load harness's to measure against issue 15's target
        assertThat(d.deadLetters()).isEmpty();
        assertThat(early).as("bytes per event at events 10-40").isPositive();
    }
}
