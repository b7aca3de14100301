package org.plotracker.contracts.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.validation.EventValidator;

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
        Set<Object> seen = new HashSet<>();
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

    @ParameterizedTest(name = "{0} events per patient")
    @ValueSource(ints = {1, 3, 5, 6, 17, 50, 200})
    void aFixedLengthCourseHasExactlyThatManyValidDistinctEventsPerPatientInClinicalAndRecordedOrder(int n) {
        SyntheticCohort cohort = SyntheticCohort.of(20, 11).eventsPerPatient(n);
        List<SpecificRecord> events = cohort.events();
        EventValidator validator = EventValidator.withDefaults();

        assertThat(events).hasSize(20 * n);
        assertThat(cohort.distinctEventIds()).hasSize(20 * n);
        assertThat(events).allSatisfy(e -> assertThat(validator.validate(e)).as("violations of %s", e).isEmpty());
        Map<Object, List<SpecificRecord>> byPatient = events.stream()
                .collect(Collectors.groupingBy(e -> field(e, "patientId")));
        assertThat(byPatient).hasSize(20);
        byPatient.values().forEach(history -> {
            assertThat(history).hasSize(n);
            assertThat(history.stream().map(e -> (LocalDate) field(e, "clinicalDate")).toList())
                    .as("clinical dates").isSortedAccordingTo(LocalDate::compareTo);
            List<Instant> recorded = history.stream().map(e -> (Instant) field(e, "recordedAt")).toList();
            assertThat(new HashSet<>(recorded)).as("recordedAt strictly increasing").hasSize(n);
            assertThat(recorded).isSorted();
        });
    }

    @Test
    void longHistoriesAreMostlyScansWithTreatmentSwitchesAndALaterPregnancyWithItsDelivery() {
        List<SpecificRecord> history = SyntheticCohort.of(1, 5).eventsPerPatient(200).events();

        long scans = history.stream().filter(DxaScanRecorded.class::isInstance).count();
        long switches = history.stream().filter(TreatmentRecorded.class::isInstance).count();
        assertThat(scans).isBetween(120L, 160L);
        assertThat(switches).isBetween(35L, 55L);
        assertThat(history.stream().filter(PregnancyConfirmed.class::isInstance).count()).isEqualTo(3);
        assertThat(history.stream().filter(DeliveryRecorded.class::isInstance).count()).isEqualTo(4);
        LocalDate first = (LocalDate) field(history.get(0), "clinicalDate");
        LocalDate last = (LocalDate) field(history.get(history.size() - 1), "clinicalDate");
        assertThat(last.getYear() - first.getYear()).as("years of follow-up").isBetween(9, 14);
    }

    @Test
    void slicesGiveTheSameEventsAsTheWholeCohort() {
        SyntheticCohort cohort = SyntheticCohort.of(30, 9).eventsPerPatient(7).idPrefix("L2-");
        List<SpecificRecord> blocks = new ArrayList<>();
        for (int from = 1; from <= 30; from += 8) {
            blocks.addAll(cohort.events(from, Math.min(30, from + 7)));
        }

        assertThat(Set.copyOf(blocks)).isEqualTo(Set.copyOf(cohort.events()));
        assertThat(blocks).hasSize(30 * 7);
        assertThat(blocks).allSatisfy(e -> {
            assertThat((String) field(e, "patientId")).startsWith("L2-");
            assertThat((String) field(e, "eventId")).startsWith("l2-");
        });
        assertThat(cohort.patientIdOf(3)).isEqualTo("L2-00003");
    }

    static Object field(SpecificRecord event, String name) {
        return event.get(event.getSchema().getField(name).pos());
    }
}
