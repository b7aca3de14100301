package org.plotracker.contracts.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.validation.EventValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SourceCasesTest {

    @Test
    void sixPatientsWithUniqueEventIdsInRecordingOrder() {
        List<SpecificRecord> events = SourceCases.events();
        Set<String> ids = new HashSet<>();
        Instant previous = Instant.MIN;
        for (SpecificRecord e : events) {
            assertThat(ids.add((String) e.get(e.getSchema().getField("eventId").pos()))).isTrue();
            Instant recordedAt = (Instant) e.get(e.getSchema().getField("recordedAt").pos());
            assertThat(recordedAt).isAfterOrEqualTo(previous);
            previous = recordedAt;
        }
        assertThat(SourceCases.patientIds()).hasSize(6)
                .allSatisfy(p -> assertThat(SourceCases.eventsFor(p)).isNotEmpty());
        assertThat(SourceCases.eventsFor("nobody")).isEmpty();
    }

    @Test
    void caseFourHasEightFracturedVertebraeAndASecondPregnancy() {
        List<SpecificRecord> case4 = SourceCases.eventsFor(SourceCases.patientId(4));
        FractureDiagnosed fracture = case4.stream().filter(FractureDiagnosed.class::isInstance)
                .map(FractureDiagnosed.class::cast).findFirst().orElseThrow();
        assertThat(fracture.getFractures()).hasSize(8);
        assertThat(case4).filteredOn(PregnancyConfirmed.class::isInstance).hasSize(1);
        assertThat(case4).filteredOn(DxaScanRecorded.class::isInstance).hasSize(4);
    }

    /**
     * Issue 14, item 11: Table 1 gives each case's months of treatment; the cohort records the stop, so no alert after
     * the course says "while on" a treatment that had ended. Case 5: calcium/vitamin D then teriparatide, 9 in all.
     */
    @ParameterizedTest(name = "case {0}: {1} for {2} months")
    @CsvSource({"1, CALCIUM_VITAMIN_D, 8", "2, TERIPARATIDE, 6", "3, CALCIUM_VITAMIN_D, 7", "4, CALCIUM_VITAMIN_D, 8",
            "5, TERIPARATIDE, 9", "6, CALCIUM_VITAMIN_D, 8"})
    void everyCourseStopsAfterTheMonthsOfTable1(int caseNumber, TreatmentAgent agent, int months) {
        List<TreatmentRecorded> treatments = SourceCases.eventsFor(SourceCases.patientId(caseNumber)).stream()
                .filter(TreatmentRecorded.class::isInstance).map(TreatmentRecorded.class::cast).toList();
        LocalDate start = treatments.get(0).getClinicalDate();
        TreatmentRecorded stop = treatments.get(treatments.size() - 1);
        assertThat(stop.getAction()).isEqualTo(TreatmentAction.STOPPED);
        assertThat(stop.getAgent()).isEqualTo(agent);
        long monthsOfTreatment = Math.round(ChronoUnit.DAYS.between(start, stop.getClinicalDate()) / 30.4375);
        assertThat(monthsOfTreatment).isEqualTo(months);
        assertThat(treatments).filteredOn(t -> t.getAction() == TreatmentAction.STOPPED).hasSize(1);
    }

    @Test
    void everyEventOfTheCohortIsValid() {
        EventValidator validator = EventValidator.withDefaults();
        assertThat(SourceCases.events()).allSatisfy(e -> assertThat(validator.validate(e)).isEmpty());
    }

    @Test
    void rejectsACaseNumberOutsideTheSeries() {
        assertThatThrownBy(() -> SourceCases.patientId(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 6");
    }
}
