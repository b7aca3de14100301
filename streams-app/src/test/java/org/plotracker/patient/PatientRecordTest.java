package org.plotracker.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.PregnancyConfirmed;

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
}
