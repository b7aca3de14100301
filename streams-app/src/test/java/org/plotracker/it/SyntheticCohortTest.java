package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.junit.jupiter.api.Test;

class SyntheticCohortTest {

    @Test
    void sameSeedGivesTheSameEventsAndADifferentSeedDoesNot() {
        assertThat(SyntheticCohort.of(50, 7).events()).isEqualTo(SyntheticCohort.of(50, 7).events());
        assertThat(SyntheticCohort.of(50, 7).events()).isNotEqualTo(SyntheticCohort.of(50, 8).events());
    }

    @Test
    void hundredsOfPatientsGiveThousandsOfEventsInRecordingOrderWithAFewRetries() {
        SyntheticCohort cohort = SyntheticCohort.of(400, 42);
        List<SpecificRecord> events = cohort.events();

        assertThat(events).hasSizeBetween(2_500, 4_500);
        assertThat(events.stream().map(e -> field(e, "patientId")).distinct().count()).isEqualTo(400);
        assertThat(events.size() - cohort.distinctEventIds().size()).as("re-sent events").isBetween(5, 40);
        assertThat(events.stream().filter(PregnancyConfirmed.class::isInstance).count()).isBetween(40L, 120L);
        java.util.Set<Object> seen = new java.util.HashSet<>();
        List<Instant> firstSending = events.stream().filter(e -> seen.add(field(e, "eventId")))
                .map(e -> (Instant) field(e, "recordedAt")).toList();
        assertThat(firstSending).as("first sending of each event in recordedAt order").isSorted();
    }

    @Test
    void everyPatientHasABaselineAndAFollowUpScan() {
        Map<Object, Long> scansPerPatient = SyntheticCohort.of(100, 3).events().stream()
                .filter(DxaScanRecorded.class::isInstance)
                .collect(Collectors.groupingBy(e -> field(e, "patientId"), Collectors.counting()));

        assertThat(scansPerPatient).hasSize(100);
        assertThat(scansPerPatient.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2L));
    }

    static Object field(SpecificRecord event, String name) {
        return event.get(event.getSchema().getField(name).pos());
    }
}
