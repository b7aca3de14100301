package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.PatientOutput;

/** The processor's memory of recently decided patients: bounded by versions, in step with the store writes. */
class RecentPatientsTest {

    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aPatientIsReadFromTheStoresOnceAndThenKeptInStepWithTheWrites() {
        RecentPatients recent = new RecentPatients(10);
        RecentPatients.Patient her = recent.get("P1", () -> stored(2));
        assertThat(her.events()).hasSize(2);
        assertThat(recent.get("P1", () -> stored(2))).isSameAs(her);
        assertThat(loads).hasValue(1);

        recent.eventWritten("P1", "e9", List.of(delivery("e9", 0), delivery("e9", 1)));
        recent.outputsWritten("P1", Map.of("K|SPINE", output()));
        assertThat(her.events()).hasSize(3).last().asList().hasSize(2);
        assertThat(her.outputs()).containsOnlyKeys("K|SPINE");

        java.util.HashMap<String, PatientOutput> deletion = new java.util.HashMap<>();
        deletion.put("K|SPINE", null);
        recent.outputsWritten("P1", deletion);
        assertThat(her.outputs()).isEmpty();
    }

    @Test
    void writesForAPatientNotKeptChangeNothing() {
        RecentPatients recent = new RecentPatients(10);
        recent.eventWritten("P2", "e1", List.of(delivery("e1", 0)));
        recent.outputsWritten("P2", Map.of("K|SPINE", output()));
        assertThat(recent.size()).isZero();
    }

    @Test
    void theLeastRecentlyDecidedPatientsGoFirstWhenTheVersionsExceedTheBound() {
        RecentPatients recent = new RecentPatients(5);
        recent.get("P1", () -> stored(2));
        recent.get("P2", () -> stored(2));
        recent.get("P1", () -> stored(2));
        recent.get("P3", () -> stored(2));
        assertThat(recent.size()).isEqualTo(2);
        loads.set(0);
        recent.get("P1", () -> stored(2));
        recent.get("P3", () -> stored(2));
        assertThat(loads).as("P1 and P3 were kept, P2 dropped").hasValue(0);
        recent.get("P2", () -> stored(2));
        assertThat(loads).hasValue(1);

        // an amendment that grows a kept patient past the bound drops the others first
        recent.eventWritten("P2", "e7", List.of(delivery("e7", 0), delivery("e7", 1), delivery("e7", 2)));
        assertThat(recent.size()).isEqualTo(1);
    }

    @Test
    void aHistoryLongerThanTheBoundIsNotKeptAndZeroKeepsNothing() {
        RecentPatients small = new RecentPatients(3);
        small.get("P1", () -> stored(4));
        assertThat(small.size()).isZero();
        RecentPatients none = new RecentPatients(0);
        none.get("P1", () -> stored(1));
        none.get("P1", () -> stored(1));
        assertThat(none.size()).isZero();
        assertThat(loads).hasValue(3);
        assertThatThrownBy(() -> new RecentPatients(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aForgottenPatientIsReadAgain() {
        RecentPatients recent = new RecentPatients(10);
        recent.get("P1", () -> stored(2));
        recent.forget("P1");
        recent.get("P1", () -> stored(2));
        assertThat(loads).hasValue(2);
        assertThat(recent.size()).isEqualTo(1);
    }

    @Test
    void eventsComeInStoreKeyOrderWhichIsUtf8ByteOrder() {
        RecentPatients.Patient her = RecentPatients.loading();
        // U+FF21 sorts before U+1F600 in UTF-8 bytes and code points, after it in UTF-16 units
        for (String id : List.of("b", "\uD83D\uDE00", "a", "\uFF21")) {
            RecentPatients.event(her, id, List.of(delivery(id, 0)));
        }
        assertThat(her.events()).extracting(v -> org.plotracker.patient.ClinicalEvent.eventId(v.get(0)))
                .containsExactly("a", "b", "\uFF21", "\uD83D\uDE00");
    }

    private RecentPatients.Patient stored(int events) {
        loads.incrementAndGet();
        RecentPatients.Patient her = RecentPatients.loading();
        for (int i = 0; i < events; i++) {
            RecentPatients.event(her, "e" + i, List.of(delivery("e" + i, 0)));
        }
        return her;
    }

    private static SpecificRecord delivery(String eventId, int revision) {
        return DeliveryRecorded.newBuilder().setEventId(eventId).setPatientId("P").setRevision(revision)
                .setClinicalDate(LocalDate.parse("2024-01-01")).setRecordedAt(Instant.parse("2024-01-02T00:00:00Z"))
                .setSourceSystem("test").setDeliveryMode(DeliveryMode.VAGINAL).build();
    }

    private static PatientOutput output() {
        return new PatientOutput(CohortContribution.newBuilder().setSite("SPINE").setTreatmentGroup("NONE").setChangeId("c")
                .setMonthsBetween(6.0).build());
    }
}
