package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.FollowUpReminder;
import org.plotracker.contracts.alerts.FollowUpReminderStatus;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.FollowUpItemKind;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.derived.FlsKpi;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.KpiFraction;
import org.plotracker.contracts.derived.OpenFollowUpItem;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * The follow-up processor through the production topology with advancing time (TopologyTestDriver, records stamped
 * with their recordedAt): reminders when due plus grace passes, escalation, withdrawal by a late-arriving event,
 * the status row and the KPI table, erasure, and a replay that gives the same reminders as live processing.
 */
class FollowUpTopologyTest {

    private static final String SCOPE = "follow-up-topology";
    private static final String P = "PAT-FU";
    private final List<TrackerDriver> drivers = new ArrayList<>();

    @AfterEach
    void stop() {
        drivers.forEach(TrackerDriver::close);
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private TrackerDriver driver(Instant wallClockStart, TopologySettings settings) {
        TrackerDriver d = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                TestSerdes.validator(), settings, new Properties(), wallClockStart);
        drivers.add(d);
        return d;
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static final SpecificRecord DELIVERY = TestEvents.delivery(P, "fu-d1", "2024-01-01");
    private static final SpecificRecord FRACTURE = TestEvents.fracture(P, "fu-f1", "2024-02-01", Vertebra.T12,
            Vertebra.L1);
    /** A scan done on 2024-04-20 (in time) but recorded only on 2024-05-30. */
    private static final SpecificRecord LATE_SCAN = DxaScanRecorded.newBuilder(
                    TestEvents.spineScan(P, "fu-s1", "2024-04-20", TestEvents.HOLOGIC_A, 0.9, -2.3))
            .setRecordedAt(at("2024-05-30T12:00:00Z")).build();

    /** Live: events piped when they were recorded, the wall clock advanced between them (the task idle). */
    private TrackerDriver live() {
        TrackerDriver d = driver(at("2024-01-01T12:00:00Z"), TopologySettings.immediate());
        d.pipe(DELIVERY);
        advanceTo(d, at("2024-02-01T12:00:00Z"));
        d.pipe(FRACTURE);
        advanceTo(d, at("2024-04-26T00:00:01Z"));
        advanceTo(d, at("2024-05-10T00:00:01Z"));
        advanceTo(d, at("2024-05-24T00:00:01Z"));
        advanceTo(d, at("2024-05-30T12:00:00Z"));
        d.pipe(LATE_SCAN);
        advanceTo(d, at("2024-06-07T00:00:01Z"));
        return d;
    }

    private Instant wall;

    private void advanceTo(TrackerDriver d, Instant to) {
        Instant from = wall == null ? at("2024-01-01T12:00:00Z") : wall;
        d.advanceWallClock(Duration.between(from, to));
        wall = to;
    }

    @Test
    void remindersFallDueAfterGraceEscalateAndAreWithdrawnWhenALateEventShowsTheItemWasMetInTime() {
        TrackerDriver d = live();
        List<FollowUpReminder> reminders = d.followUpReminders();
        assertThat(reminders).extracting(FollowUpReminder::getItemId, FollowUpReminder::getStatus,
                        FollowUpReminder::getEscalation, r -> r.getRaisedAt().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("INITIAL_DXA@2024-02-01", FollowUpReminderStatus.RAISED, 0,
                                "2024-05-10T00:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("INITIAL_DXA@2024-02-01",
                                FollowUpReminderStatus.ESCALATED, 1, "2024-05-24T00:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("INITIAL_DXA@2024-02-01",
                                FollowUpReminderStatus.WITHDRAWN, 1, "2024-05-30T12:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("TREATMENT_DECISION@2024-02-01",
                                FollowUpReminderStatus.RAISED, 0, "2024-06-07T00:00:00Z"));
        FollowUpReminder first = reminders.get(0);
        assertThat(first.getPatientId()).isEqualTo(P);
        assertThat(first.getItem()).isEqualTo(FollowUpItemKind.INITIAL_DXA);
        assertThat(first.getSeverity()).isEqualTo(AlertSeverity.MODERATE);
        assertThat(first.getHeadline()).isEqualTo("DXA after the index fracture overdue since 2024-04-26 (due"
                + " 2024-04-25)");
        assertThat(first.getDueDate()).isEqualTo(LocalDate.parse("2024-04-25"));
        assertThat(first.getAnchorEventId()).isEqualTo("fu-f1");
        assertThat(first.getSource()).contains("Javaid et al., Osteoporos Int 2020");
        assertThat(first.getSatisfiedBy()).startsWith("a DXA scan dated on or after 2023-11-03");
        assertThat(reminders.get(1).getReplacesReminderId()).isEqualTo(first.getReminderId());
        FollowUpReminder withdrawn = reminders.get(2);
        assertThat(withdrawn.getReplacesReminderId()).isEqualTo(reminders.get(1).getReminderId());
        assertThat(withdrawn.getSatisfyingEventId()).isEqualTo("fu-s1");
        assertThat(withdrawn.getSatisfiedOn()).isEqualTo(LocalDate.parse("2024-04-20"));
        assertThat(withdrawn.getStatusReason()).startsWith("met in time");
        assertThat(reminders).extracting(FollowUpReminder::getReminderId).doesNotHaveDuplicates();
        assertThat(d.deadLetters()).isEmpty();
    }

    @Test
    void theStatusRowListsOpenItemsAndTheKpiTableCountsMetAndMissedMeasures() {
        TrackerDriver d = live();
        FollowUpStatus status = latest(d.followUpStatusUpdates()).get(P);
        assertThat(status.getOpenItems()).extracting(OpenFollowUpItem::getItemId)
                .containsExactly("TREATMENT_DECISION@2024-02-01", "MONITORING_DXA@2024-04-20");
        assertThat(status.getOpenItems().get(0).getRemindersSent()).isEqualTo(1);
        assertThat(status.getOpenItems().get(0).getDueDate()).isEqualTo(LocalDate.parse("2024-05-23"));

        FlsKpi kpi = latest(d.flsKpiUpdates()).get("2024-02|test");
        assertThat(kpi.getDxaWithin12Weeks()).isEqualTo(new KpiFraction(1, 1));
        assertThat(kpi.getTreatmentDecisionWithin16Weeks()).isEqualTo(new KpiFraction(0, 1));
        assertThat(kpi.getOnTreatmentAt52Weeks()).as("not decided before 2025-01-30")
                .isEqualTo(new KpiFraction(0, 0));
        assertThat(d.followUpsDue()).isNotEmpty().allMatch(k -> k.matches("\\d{13}\\|" + P + "\\|.+"));
    }

    @Test
    void theKpiTableCountedTheDxaAsMissedUntilTheLateScanCorrectedIt() {
        TrackerDriver d = driver(at("2024-01-01T12:00:00Z"), TopologySettings.immediate());
        d.pipe(DELIVERY);
        advanceTo(d, at("2024-02-01T12:00:00Z"));
        d.pipe(FRACTURE);
        advanceTo(d, at("2024-04-26T00:00:01Z"));
        assertThat(latest(d.flsKpiUpdates()).get("2024-02|test").getDxaWithin12Weeks())
                .isEqualTo(new KpiFraction(0, 1));
        advanceTo(d, at("2024-05-30T12:00:00Z"));
        d.pipe(LATE_SCAN);
        assertThat(latest(d.flsKpiUpdates()).get("2024-02|test").getDxaWithin12Weeks())
                .isEqualTo(new KpiFraction(1, 1));
    }

    @Test
    void aReplayOfTheSameHistoryGivesTheSameRemindersAsLiveProcessing() {
        List<FollowUpReminder> live = live().followUpReminders();
        Instant end = wall;
        wall = null;
        // replay: everything arrives at once, long after it was recorded; the clock is recorded time alone until idle
        TrackerDriver replay = driver(end.minusSeconds(2), TopologySettings.immediate());
        replay.pipe(DELIVERY);
        replay.pipe(FRACTURE);
        replay.pipe(LATE_SCAN);
        replay.advanceWallClock(Duration.ofSeconds(2));
        assertThat(replay.followUpReminders()).isEqualTo(live);
    }

    @Test
    void anAdministeredDenosumabDoseSevenMonthsAndADayLaterResolvesAHighReminder() {
        TrackerDriver d = driver(at("2024-01-10T12:00:00Z"), TopologySettings.immediate());
        d.pipe(dose("dmab-1", "2024-01-10"));
        advanceTo2(d, at("2024-01-10T12:00:00Z"), at("2024-08-11T00:00:01Z"));
        d.pipe(dose("dmab-2", "2024-08-11"));
        List<FollowUpReminder> reminders = d.followUpReminders();
        assertThat(reminders).extracting(FollowUpReminder::getStatus, FollowUpReminder::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FollowUpReminderStatus.RAISED,
                                AlertSeverity.MODERATE),
                        org.assertj.core.groups.Tuple.tuple(FollowUpReminderStatus.ESCALATED, AlertSeverity.MODERATE),
                        org.assertj.core.groups.Tuple.tuple(FollowUpReminderStatus.ESCALATED, AlertSeverity.HIGH),
                        org.assertj.core.groups.Tuple.tuple(FollowUpReminderStatus.RESOLVED, AlertSeverity.HIGH));
        assertThat(reminders.get(2).getReason()).contains("rebound multiple vertebral fractures");
        assertThat(latest(d.flsKpiUpdates()).get("2024-07|test").getDenosumabDoseOnTime())
                .isEqualTo(new KpiFraction(0, 1));
    }

    @Test
    void anErasureDropsHerItemsAndRetractsHerStatusAndKpiContributions() {
        TrackerDriver d = live();
        d.followUpStatusUpdates();
        d.flsKpiUpdates();
        d.pipe(TestEvents.erasure(P, "fu-erase"));
        Map<String, FollowUpStatus> status = latest(d.followUpStatusUpdates());
        assertThat(status).containsEntry(P, null);
        Map<String, FlsKpi> kpis = latest(d.flsKpiUpdates());
        assertThat(kpis).containsKey("2024-02|test");
        assertThat(kpis.get("2024-02|test")).as("every contribution retracted").isNull();
        assertThat(d.followUpsDue()).isEmpty();
    }

    private static void advanceTo2(TrackerDriver d, Instant from, Instant to) {
        d.advanceWallClock(Duration.between(from, to));
    }

    private static TreatmentRecorded dose(String id, String date) {
        return TreatmentRecorded.newBuilder(TestEvents.started(P, id, date, TreatmentAgent.DENOSUMAB))
                .setAction(TreatmentAction.ADMINISTERED).build();
    }

    private static <V> Map<String, V> latest(List<KeyValue<String, V>> updates) {
        Map<String, V> out = new LinkedHashMap<>();
        updates.forEach(kv -> out.put(kv.key, kv.value));
        return out;
    }
}
