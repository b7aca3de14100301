package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.plotracker.topology.TestEvents.HOLOGIC_A;
import static org.plotracker.topology.TestEvents.LUNAR_B;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.ComparisonBasis;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/** Duplicates, conflicts, late scans, device change, erasure and dead-letter routing through the topology. */
class TrackerSemanticsTest {

    private static final String SCOPE = "tracker-semantics";
    private static final String P = "PAT-1";

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

    /** Delivery, a two-level fracture 2 months later, baseline scan and Ca/vit D. */
    private void episode() {
        driver.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        driver.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12, Vertebra.L1));
        driver.pipe(TestEvents.spineScan(P, "s1", "2024-03-12", HOLOGIC_A, 0.800, -2.5));
        driver.pipe(TestEvents.started(P, "t1", "2024-03-12", TreatmentAgent.CALCIUM_VITAMIN_D));
    }

    private void drainAll() {
        driver.bmdChanges();
        driver.bmdAlerts();
        driver.recurrenceAlerts();
        driver.timelines();
        driver.cohortSummaryUpdates();
        driver.deadLetters();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aResentEventChangesNothingAndEmitsNothing() {
        episode();
        DxaScanRecorded followUp = TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.760, -2.8);
        driver.pipe(followUp);
        drainAll();

        driver.pipe(followUp);
        driver.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));

        assertThat(driver.bmdChanges()).isEmpty();
        assertThat(driver.bmdAlerts()).isEmpty();
        assertThat(driver.timelines()).isEmpty();
        assertThat(driver.cohortSummaryUpdates()).isEmpty();
        assertThat(driver.deadLetters()).isEmpty();
    }

    @Test
    void theSameIdWithDifferentContentIsAConflictInTheDeadLetterTopic() {
        episode();
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.760, -2.8));
        drainAll();

        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.860, -1.8));

        List<TestRecord<byte[], byte[]>> dlq = driver.deadLetters();
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), DeadLetterHeaders.REASON)).isEqualTo("CONFLICTING_DUPLICATE");
        assertThat(header(dlq.get(0), DeadLetterHeaders.EVENT_ID)).isEqualTo("s2");
        assertThat(header(dlq.get(0), "__streams.errors.message")).contains("differing fields: measurements")
                .contains("higher revision");
        assertThat(header(dlq.get(0), "__streams.errors.topic")).isEqualTo(Topics.DXA_SCAN.name());
        assertThat(new String(dlq.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(P);
        assertThat(dlq.get(0).value()).isNotEmpty();
        assertThat(driver.bmdChanges()).isEmpty();
        assertThat(driver.timelines()).isEmpty();

        // the first version is kept and processing continues
        driver.pipe(TestEvents.spineScan(P, "s3", "2025-06-12", HOLOGIC_A, 0.700, -3.1));
        List<BmdChange> rows = driver.bmdChanges();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getEarlierBmd()).isEqualTo(0.760);
    }

    @Test
    void invalidAndMisKeyedEventsGoToTheDeadLetterTopicWithTheReasonAndTheAppContinues() {
        episode();
        drainAll();

        driver.pipe(TestEvents.spineScan(P, "bad-z", "2024-12-12", HOLOGIC_A, 0.760, -9.5));
        driver.pipe(TestEvents.spineScan(P, "bad-bmd", "2024-12-12", HOLOGIC_A, 2.7, -2.0));
        driver.pipeKeyed("PAT-OTHER", TestEvents.spineScan(P, "mis-keyed", "2024-12-12", HOLOGIC_A, 0.760, -2.5));
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -3.0));

        List<TestRecord<byte[], byte[]>> dlq = driver.deadLetters();
        assertThat(dlq).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly("INVALID_EVENT", "INVALID_EVENT", "KEY_MISMATCH");
        assertThat(dlq).extracting(r -> header(r, DeadLetterHeaders.EVENT_ID))
                .containsExactly("bad-z", "bad-bmd", "mis-keyed");
        assertThat(header(dlq.get(0), "__streams.errors.message")).contains("zScore");
        assertThat(header(dlq.get(1), "__streams.errors.message")).contains("bmdGramsPerCm2");
        assertThat(header(dlq.get(0), "__streams.errors.topic")).isEqualTo(Topics.DXA_SCAN.name());
        assertThat(header(dlq.get(0), "__streams.errors.offset")).isNotNull();
        assertThat(new String(dlq.get(2).key(), StandardCharsets.UTF_8)).isEqualTo("PAT-OTHER");
        assertThat(driver.bmdChanges()).extracting(BmdChange::getLaterScanEventId).containsExactly("s2");
        assertThat(driver.storeKeysOf(TrackerTopology.EVENTS_STORE, "PAT-OTHER")).isEmpty();
    }

    @Test
    void aRecordWithoutKeyGoesToTheDeadLetterTopicButOneThatBreaksProcessingFailsTheThreadAndIsNotDeadLettered() {
        driver.pipeKeyed(null, TestEvents.delivery(P, "no-key", "2024-01-10"));
        assertThat(driver.deadLetters()).singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("MISSING_KEY"));
        driver.close();

        EventScreen broken = event -> {
            if ("boom".equals(event.get(event.getSchema().getField("eventId").pos()))) {
                throw new IllegalStateException("screen failure");
            }
            return List.of();
        };
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), broken);
        assertThatThrownBy(() -> driver.pipe(TestEvents.delivery(P, "boom", "2024-01-10")))
                .as("a bug fails the stream thread (replaced, then the instance stops) instead of a DLQ flood")
                .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(driver.deadLetters()).isEmpty();
        assertThat(driver.timelines()).isEmpty();
    }

    @Test
    void aRetriableFaultFailsTheThreadWithoutDeadLetteringTheValidEvent() {
        driver.close();
        EventScreen registryAway = event -> {
            throw new org.plotracker.serde.registry.SchemaRegistryException(0,
                    org.plotracker.serde.registry.SchemaRegistryException.CONNECTION_FAILED, "registry unreachable");
        };
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), registryAway);
        assertThatThrownBy(() -> driver.pipe(TestEvents.delivery(P, "d1", "2024-01-10")))
                .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class);
        assertThat(driver.deadLetters()).isEmpty();
    }

    /**
     * Undecodable bytes. Runs at-least-once: with exactly_once_v2, TopologyTestDriver 4.3.1 does not surface the
     * dead-letter records the deserialization handler returns (the processing handler's are surfaced);
     * {@link TrackerDeadLetterBrokerTest} covers the exactly-once path on the real broker.
     */
    @Test
    void undecodableBytesGoToTheDeadLetterTopicRawAndTheAppContinues() {
        driver.close();
        java.util.Properties alos = new java.util.Properties();
        alos.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");
        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), TestSerdes.validator(), alos);
        episode();
        drainAll();

        driver.pipeRaw(Topics.DXA_SCAN.name(), P, new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
        driver.pipeRaw(Topics.DELIVERY.name(), P, "not avro".getBytes(StandardCharsets.UTF_8));
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -3.0));

        List<TestRecord<byte[], byte[]>> dlq = driver.deadLetters();
        assertThat(dlq).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly("UNDECODABLE", "UNDECODABLE");
        assertThat(dlq.get(0).value()).containsExactly(0, 0, 0, 0, 42, 1, 2, 3);
        assertThat(header(dlq.get(0), "__streams.errors.message")).contains("42");
        assertThat(header(dlq.get(1), "__streams.errors.topic")).isEqualTo(Topics.DELIVERY.name());
        assertThat(new String(dlq.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        assertThat(driver.bmdChanges()).extracting(BmdChange::getLaterScanEventId).containsExactly("s2");
    }

    @Test
    void aLateScanIsPlacedInOrderCorrectsTheRowsWithdrawsTheSplitPairsAlertAndAlertsTheNewNewestPair() {
        episode();
        driver.pipe(TestEvents.spineScan(P, "s3", "2025-03-12", HOLOGIC_A, 0.700, -3.1));
        List<BmdChange> first = driver.bmdChanges();
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.getEarlierScanEventId()).isEqualTo("s1");
            assertThat(r.getClassification()).isEqualTo(ChangeClassification.SIGNIFICANT_LOSS);
            assertThat(r.getFirstFollowUpAfterEpisode()).isTrue();
        });
        assertThat(driver.bmdAlerts()).hasSize(1);
        Map<String, CohortSummary> summary = driver.cohortSummary(Map.of());
        assertThat(summary.get("LUMBAR_SPINE|CALCIUM_VITAMIN_D").getBmdChangePercent().getMean())
                .isCloseTo(-12.5, within(1e-9));

        // a scan taken between the two, recorded late
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-09-12", HOLOGIC_A, 0.780, -2.7));

        List<BmdChange> rows = driver.bmdChanges();
        assertThat(rows).extracting(r -> r.getEarlierScanEventId() + ">" + r.getLaterScanEventId() + " "
                + r.getStatus()).containsExactlyInAnyOrder("s1>s2 CURRENT", "s2>s3 CURRENT", "s1>s3 SUPERSEDED");
        BmdChange superseded = rows.stream().filter(r -> r.getStatus() == RowStatus.SUPERSEDED).findFirst()
                .orElseThrow();
        assertThat(superseded.getChangeId()).isEqualTo(first.get(0).getChangeId());
        // recorded before s3 but arriving after its decision: the alert on s1>s3 no longer describes adjacent scans
        List<BmdChangeAlert> followUps = driver.bmdAlerts();
        assertThat(followUps).extracting(a -> a.getStatus() + " " + a.getChange().getEarlierScanEventId() + ">"
                + a.getChange().getLaterScanEventId()).containsExactly("WITHDRAWN s1>s3", "RAISED s2>s3");
        assertThat(followUps.get(0).getStatusReason()).startsWith("scans s1 and s3 are no longer adjacent at"
                + " LUMBAR_SPINE: s2 now known between them");
        assertThat(followUps.get(0).getReplacesAlertId()).isEqualTo(followUps.get(0).getOriginalAlertId());
        assertThat(followUps.get(0).getRevision()).isEqualTo(1);

        Map<String, CohortSummary> corrected = driver.cohortSummary(summary);
        CohortSummary group = corrected.get("LUMBAR_SPINE|CALCIUM_VITAMIN_D");
        assertThat(group.getPatients()).isEqualTo(1);
        assertThat(group.getBmdChangePercent().getN()).isEqualTo(1);
        assertThat(group.getBmdChangePercent().getMean()).isCloseTo(-2.5, within(1e-9));

        // the same late scan again: nothing
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-09-12", HOLOGIC_A, 0.780, -2.7));
        assertThat(driver.bmdChanges()).isEmpty();
    }

    @Test
    void aScanOnAnotherDeviceIsNotComparableANewBaselineNeverAGainOrLoss() {
        episode();
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", LUNAR_B, 0.950, -1.2));

        BmdChange row = driver.bmdChanges().get(0);
        assertThat(row.getClassification()).isEqualTo(ChangeClassification.NOT_COMPARABLE);
        assertThat(row.getBasis()).isEqualTo(ComparisonBasis.NONE);
        assertThat(row.getBmdChangePercent()).isNull();
        assertThat(row.getDeltaZ()).isNull();
        assertThat(row.getNotComparableReason()).contains("new baseline");
        assertThat(row.getNotComparableCause())
                .isEqualTo(org.plotracker.contracts.derived.NotComparableCause.DEVICE_CHANGED);
        assertThat(row.getEarlierDevice()).contains("H-1");
        assertThat(row.getLaterDevice()).contains("L-7");
        assertThat(driver.bmdAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(AlertSeverity.INFO);
            assertThat(a.getHeadline()).isEqualTo("Not comparable at LUMBAR_SPINE: different DXA device, new baseline");
        });
        assertThat(driver.cohortSummaryUpdates()).as("a not-comparable pair contributes nothing").isEmpty();

        // the next scan on the new device is compared with the new baseline
        driver.pipe(TestEvents.spineScan(P, "s3", "2025-12-12", LUNAR_B, 0.900, -1.6));
        BmdChange next = driver.bmdChanges().get(0);
        assertThat(next.getEarlierScanEventId()).isEqualTo("s2");
        assertThat(next.getBasis()).isEqualTo(ComparisonBasis.BMD_PERCENT);
        assertThat(next.getBmdChangePercent()).isCloseTo(-5.2632, within(1e-4));
        assertThat(next.getClassification()).isEqualTo(ChangeClassification.STABLE);
    }

    @Test
    void erasureRemovesThePatientFromEveryStoreAndRetractsHerContribution() {
        driver.pipeAll(SourceCases.events());
        Map<String, CohortSummary> before = driver.cohortSummary(Map.of());
        driver.timelines();
        assertThat(before.get("LUMBAR_SPINE|ANABOLIC").getDeltaZ().getN()).isEqualTo(2);

        driver.pipe(TestEvents.erasure(SourceCases.patientId(5), "erase-5"));

        List<KeyValue<String, PatientTimeline>> timelines = driver.timelines();
        assertThat(timelines).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(SourceCases.patientId(5));
            assertThat(kv.value).isNull();
        });
        Map<String, CohortSummary> after = driver.cohortSummary(before);
        assertThat(after.get("LUMBAR_SPINE|ANABOLIC").getDeltaZ().getN()).isEqualTo(1);
        assertThat(after.get("LUMBAR_SPINE|ANABOLIC").getDeltaZ().getMean()).isCloseTo(0.9, within(1e-9));
        assertThat(after.get("LUMBAR_SPINE|ANABOLIC").getDeltaZ().getSampleSd()).isNull();
        assertThat(after.get("LUMBAR_SPINE|CALCIUM_VITAMIN_D").getDeltaZ().getMean()).isCloseTo(0.30,
                within(1e-9));
        for (String store : List.of(TrackerTopology.EVENTS_STORE, TrackerTopology.SUMMARY_STORE,
                TrackerTopology.OUTPUTS_STORE)) {
            assertThat(driver.storeKeysOf(store, SourceCases.patientId(5))).as(store).isEmpty();
        }
        assertThat(driver.patientsWithPendingAlerts()).doesNotContainKey(SourceCases.patientId(5));
        KeyValueStore<String, Object> contributions =
                driver.driver().getKeyValueStore(TrackerTopology.CONTRIBUTION_STORE);
        assertThat(contributions.get(SourceCases.patientId(5) + "|LUMBAR_SPINE")).isNull();
        assertThat(contributions.get(SourceCases.patientId(2) + "|LUMBAR_SPINE")).isNotNull();

        // a tombstone on an input topic erases too; the last anabolic patient leaves: the group is tombstoned
        driver.tombstone(Topics.TREATMENT, SourceCases.patientId(2));
        Map<String, CohortSummary> none = driver.cohortSummary(after);
        assertThat(none).doesNotContainKeys("LUMBAR_SPINE|ANABOLIC", "FEMORAL_NECK|ANABOLIC");
        assertThat(driver.storeKeysOf(TrackerTopology.EVENTS_STORE, SourceCases.patientId(2))).isEmpty();

        // her events re-published later are a new history, not duplicates of an erased one
        driver.pipeAll(SourceCases.eventsFor(SourceCases.patientId(2)));
        assertThat(driver.cohortSummary(none).get("LUMBAR_SPINE|ANABOLIC").getDeltaZ().getMean())
                .isCloseTo(0.9, within(1e-9));
    }

    @Test
    void aLateTreatmentRecordCorrectsTheTreatmentGroupOfTheRowAndTheCohort() {
        driver.pipe(TestEvents.delivery(P, "d1", "2024-01-10"));
        driver.pipe(TestEvents.fracture(P, "f1", "2024-03-10", Vertebra.T12));
        driver.pipe(TestEvents.spineScan(P, "s1", "2024-03-12", HOLOGIC_A, 0.800, -2.5));
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.880, -1.8));
        Map<String, CohortSummary> summary = driver.cohortSummary(Map.of());
        assertThat(summary).containsOnlyKeys("LUMBAR_SPINE|NONE");
        driver.bmdChanges();

        driver.pipe(TestEvents.started(P, "t1", "2024-03-20", TreatmentAgent.TERIPARATIDE));

        assertThat(driver.bmdChanges()).singleElement().satisfies(r -> {
            assertThat(r.getTreatmentGroup()).isEqualTo(org.plotracker.contracts.common.TreatmentGroup.ANABOLIC);
            assertThat(r.getStatus()).isEqualTo(RowStatus.CURRENT);
        });
        Map<String, CohortSummary> corrected = driver.cohortSummary(summary);
        assertThat(corrected).containsOnlyKeys("LUMBAR_SPINE|ANABOLIC");
        assertThat(corrected.get("LUMBAR_SPINE|ANABOLIC").getBmdChangePercent().getMean()).isCloseTo(10.0,
                within(1e-9));
    }

    @Test
    void aPregnancyIsAlertedOnceEvenWhenItsDeliveryOrASecondConfirmationFollows() {
        episode();
        driver.pipe(TestEvents.pregnancy(P, "p2", "2025-02-01"));
        assertThat(driver.recurrenceAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getTriggerEventId()).isEqualTo("p2");
            assertThat(a.getTier()).isEqualTo(org.plotracker.contracts.alerts.RiskTier.HIGH);
        });
        driver.pipe(TestEvents.pregnancy(P, "p2-other-clinic", "2025-02-20"));
        driver.pipe(TestEvents.delivery(P, "d2", "2025-10-01"));
        assertThat(driver.recurrenceAlerts()).isEmpty();

        // a delivery with no pregnancy event before it is detected late
        driver.pipe(TestEvents.delivery(P, "d3", "2026-09-01"));
        assertThat(driver.recurrenceAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getTriggerEventId()).isEqualTo("d3");
            assertThat(a.getLateDetection()).isTrue();
            assertThat(a.getTrigger()).isEqualTo(
                    org.plotracker.contracts.alerts.RecurrenceTrigger.DELIVERY_WITHOUT_PREGNANCY_EVENT);
        });
        // its confirmation, recorded before the delivery but arriving after its decision: the pregnancy is alerted
        // from the confirmation, as it would have been had it arrived in time, and the delivery's alert withdrawn
        driver.pipe(TestEvents.pregnancy(P, "p3", "2026-02-01"));
        assertThat(driver.recurrenceAlerts()).satisfiesExactly(
                raised -> {
                    assertThat(raised.getStatus()).isEqualTo(AlertStatus.RAISED);
                    assertThat(raised.getTriggerEventId()).isEqualTo("p3");
                    assertThat(raised.getLateDetection()).isFalse();
                },
                withdrawn -> {
                    assertThat(withdrawn.getStatus()).isEqualTo(AlertStatus.WITHDRAWN);
                    assertThat(withdrawn.getTriggerEventId()).isEqualTo("d3");
                    assertThat(withdrawn.getStatusReason()).startsWith("the same pregnancy is alerted from its"
                            + " event p3");
                });
    }

    @Test
    void alertIdsAreDeterministicFromTheInputsAndTheRuleSetVersion() {
        episode();
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -3.0));
        String id = driver.bmdAlerts().get(0).getAlertId();
        driver.close();

        driver = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE), TestSerdes.validator());
        episode();
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -3.0));
        assertThat(driver.bmdAlerts().get(0).getAlertId()).isEqualTo(id);
        driver.close();

        driver = new TrackerDriver(RulesConfig.defaults().toBuilder().ruleSetVersion("clinic-2").build(),
                TestSerdes.forScope(SCOPE), TestSerdes.validator());
        episode();
        driver.pipe(TestEvents.spineScan(P, "s2", "2024-12-12", HOLOGIC_A, 0.700, -3.0));
        assertThat(driver.bmdAlerts().get(0).getAlertId()).isNotEqualTo(id);
    }
}
