package org.plotracker.contracts.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
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

    @Test
    void rejectsACaseNumberOutsideTheSeries() {
        assertThatThrownBy(() -> SourceCases.patientId(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 6");
    }
}
