package org.plotracker.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.OutputPlanner;

class PatientRecordTest {

    private static DeliveryRecorded delivery(String id, String date, String recordedAt) {
        return DeliveryRecorded.newBuilder().setEventId(id).setPatientId("P").setClinicalDate(LocalDate.parse(date))
                .setRecordedAt(Instant.parse(recordedAt)).setSourceSystem("test").build();
    }

    private static List<String> ids(PatientRecord r) {
        return r.events().stream().map(ClinicalEvent::eventId).toList();
    }

    @Test
    void eventsAreKeptInClinicalOrderWhateverTheArrivalOrder() {
        PatientRecord r = PatientRecord.empty("P");
        assertThat(r.admit(delivery("c", "2024-03-01", "2024-03-01T10:00:00Z"))).isEqualTo(Admission.ACCEPTED);
        assertThat(r.admit(delivery("a", "2023-01-01", "2025-01-01T10:00:00Z"))).isEqualTo(Admission.ACCEPTED);
        assertThat(r.admit(delivery("b2", "2024-03-01", "2024-03-01T09:00:00Z"))).isEqualTo(Admission.ACCEPTED);
        assertThat(r.admit(delivery("b1", "2024-03-01", "2024-03-01T09:00:00Z"))).isEqualTo(Admission.ACCEPTED);
        assertThat(ids(r)).containsExactly("a", "b1", "b2", "c");
    }

    @Test
    void sameIdSameContentIsADuplicateDifferentContentAConflictAndTheFirstVersionIsKept() {
        PatientRecord r = PatientRecord.empty("P");
        DeliveryRecorded first = delivery("d", "2024-03-01", "2024-03-01T10:00:00Z");
        r.admit(first);
        assertThat(r.admit(delivery("d", "2024-03-01", "2024-03-01T10:00:00Z"))).isEqualTo(Admission.DUPLICATE);
        assertThat(r.admit(delivery("d", "2024-03-02", "2024-03-01T10:00:00Z"))).isEqualTo(Admission.CONFLICT);
        assertThat(r.events()).containsExactly(first);
        // another type under the same id is a conflict too
        SpecificRecord pregnancy = PregnancyConfirmed.newBuilder().setEventId("d").setPatientId("P")
                .setClinicalDate(LocalDate.parse("2024-03-01")).setRecordedAt(Instant.parse("2024-03-01T10:00:00Z"))
                .setSourceSystem("test").build();
        assertThat(r.admit(pregnancy)).isEqualTo(Admission.CONFLICT);
    }

    @Test
    void theFingerprintDependsOnEveryFieldAndTheType() {
        DeliveryRecorded d = delivery("d", "2024-03-01", "2024-03-01T10:00:00Z");
        assertThat(EventFingerprint.of(d)).isEqualTo(EventFingerprint.of(DeliveryRecorded.newBuilder(d).build()));
        assertThat(EventFingerprint.of(d)).isNotEqualTo(EventFingerprint.of(DeliveryRecorded.newBuilder(d)
                .setRecordedAt(Instant.parse("2024-03-01T10:00:01Z")).build()));
        assertThat(EventFingerprint.of(d)).hasSize(32);
    }

    @Test
    void alertsAreRememberedPerSiteAndScanAndPerPregnancy() {
        PatientRecord r = PatientRecord.empty("P");
        r.recordBmdAlert("bmd-1", "LUMBAR_SPINE", "s2");
        assertThat(r.bmdAlertRaisedFor("LUMBAR_SPINE", "s2")).isTrue();
        assertThat(r.bmdAlertRaisedFor("FEMORAL_NECK", "s2")).isFalse();
        r.recordRecurrenceAlert("rr-1", List.of("p1"));
        assertThat(r.recurrenceAlertRaisedFor(List.of("p1", "d2"))).isTrue();
        r.linkToRaisedRecurrenceAlert(List.of("p1", "d2"));
        assertThat(r.recurrenceAlertRaisedFor(List.of("p0", "d2"))).isTrue();
        assertThat(r.recurrenceAlertRaisedFor(List.of("p9"))).isFalse();
        assertThat(PatientRecord.fromState(r.toState()).alertCount()).isEqualTo(2);
    }

    @Test
    void pendingAlertsSurviveTheStoreAreRaisedOnceAndAreNotDecidedAgainAfterwards() {
        OutputPlanner planner = new OutputPlanner(new ClinicalRules(RulesConfig.defaults()));
        PatientRecord r = PatientRecord.empty(SourceCases.patientId(2));
        for (SpecificRecord event : SourceCases.eventsFor(SourceCases.patientId(2))) {
            r.admit(event);
            planner.afterAccepted(r, ClinicalEvent.eventId(event));
        }
        assertThat(r.pendingBmdAlerts()).singleElement().satisfies(a -> assertThat(a.getHeadline())
                .isEqualTo("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE"));
        String fingerprint = r.pendingAlertsFingerprint();
        assertThat(fingerprint).isNotEmpty();

        PatientRecord stored = PatientRecord.fromState(r.toState());
        assertThat(stored.pendingAlertsFingerprint()).isEqualTo(fingerprint);
        List<SpecificRecord> raised = stored.raisePendingAlerts();
        assertThat(raised).hasSize(1);
        assertThat(stored.hasPendingAlerts()).isFalse();
        assertThat(stored.pendingAlertsFingerprint()).isEmpty();
        assertThat(stored.bmdAlertRaisedFor("FEMORAL_NECK", "src-c2-dxa-followup")).isTrue();

        // re-deciding after another event (a later delivery): the raised alert is not pending again, the new one is
        stored.admit(DeliveryRecorded.newBuilder(delivery("later-delivery", "2026-01-10", "2026-01-10T10:00:00Z"))
                .setPatientId(SourceCases.patientId(2)).build());
        planner.afterAccepted(stored, "later-delivery");
        assertThat(stored.pendingBmdAlerts()).isEmpty();
        assertThat(stored.pendingRecurrenceAlerts()).singleElement().satisfies(p -> {
            assertThat(p.getAlert().getTriggerEventId()).isEqualTo("later-delivery");
            assertThat(p.getPregnancyEventIds()).containsExactly("later-delivery");
        });
    }
}
