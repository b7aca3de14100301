package org.plotracker.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;
import org.plotracker.topology.InternalSerde;
import org.plotracker.topology.OutputPlanner;

/**
 * The record of each source case after all her events, serialized as the store does it: the size docs/rules.md
 * quotes. Also checks the store value round-trips.
 */
class PatientStateSizeTest {

    @Test
    void aSourceCasePatientStateIsAFewKilobytes() {
        OutputPlanner planner = new OutputPlanner(new ClinicalRules(RulesConfig.defaults()));
        var serde = InternalSerde.of(PatientState.class);
        List<Integer> sizes = new ArrayList<>();
        for (String patientId : SourceCases.patientIds()) {
            PatientRecord record = PatientRecord.empty(patientId);
            for (SpecificRecord event : SourceCases.eventsFor(patientId)) {
                assertThat(record.admit(event)).isEqualTo(Admission.ACCEPTED);
                planner.afterAccepted(record, ClinicalEvent.eventId(event));
                OutputPlanner.raisePendingAlerts(record);
            }
            byte[] bytes = serde.serializer().serialize("store", record.toState());
            sizes.add(bytes.length);
            PatientState back = serde.deserializer().deserialize("store", bytes);
            // (PatientState.equals cannot compare date logical types inside the event union: compare bytes)
            assertThat(serde.serializer().serialize("store", back)).isEqualTo(bytes);
            assertThat(PatientRecord.fromState(back).events()).hasSize(SourceCases.eventsFor(patientId).size());
        }
        System.out.println("Serialized patient state of the six source cases (bytes): " + sizes);
        assertThat(sizes).allMatch(s -> s < 8 * 1024);
    }
}
