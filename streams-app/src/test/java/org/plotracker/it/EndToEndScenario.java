package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.app.report.CareTeamReport;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.derived.BmdChange;

/**
 * The six source cases end to end: published through the real producer path (validation, Avro, schema registry,
 * transactions), processed by the tracker started the way the app starts it, outputs read back with
 * {@code read_committed}. Subclasses supply the cluster (embedded broker, or containers where Docker exists).
 */
abstract class EndToEndScenario {

    /** Table 1 of the source case series (DOMAIN.md): L1-L4 and femoral-neck Z before and after treatment. */
    private static final double[][] TABLE_1_Z = {
            {-2.6, -2.4, -1.9, -1.8},
            {-1.9, -1.0, 0.0, -0.8},
            {-2.6, -2.4, -1.5, -1.2},
            {-2.5, -1.8, -2.1, -2.0},
            {-2.7, -1.0, -1.6, -1.2},
            {-1.9, -1.8, -1.6, -1.6}};

    @TempDir
    Path stateDir;

    /** Bootstrap servers and security settings of the cluster under test. */
    abstract Map<String, Object> clientProperties();

    abstract String schemaRegistryUrl();

    @Test
    void sixSourceCasesFlowThroughSerdeRegistryAndTopologyIntoCommittedOutputs() throws Exception {
        String applicationId = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        List<SpecificRecord> events = SourceCases.events();
        try (TrackerInstance tracker = TrackerInstance.start(TrackerInstance.config(clientProperties(),
                schemaRegistryUrl(), applicationId, stateDir, Map.of()))) {
            TrackerInstance.publish(clientProperties(), schemaRegistryUrl(), events, events.size());
            // inputs processed is not enough: the last events' decisions wait for the clock (recorded time + settle)
            tracker.awaitDecided();
        }

        TopicContents actual = TrackerInstance.outputs(clientProperties(), schemaRegistryUrl())
                .forPatients(SourceCases.patientIds()::contains);
        TopicContents expected = ExpectedOutputs.of(events);
        actual.assertExactlyOnceEquivalentTo(expected, false);

        TrackerOutputs outputs = actual.asOutputs();
        for (int caseNumber = 1; caseNumber <= 6; caseNumber++) {
            String patient = SourceCases.patientId(caseNumber);
            double[] z = TABLE_1_Z[caseNumber - 1];
            assertThat(firstPair(outputs, patient, DxaSite.LUMBAR_SPINE)).as("case %d L1-L4", caseNumber)
                    .satisfies(c -> {
                        assertThat(c.getEarlierZ()).isEqualTo(z[0]);
                        assertThat(c.getLaterZ()).isEqualTo(z[1]);
                    });
            assertThat(firstPair(outputs, patient, DxaSite.FEMORAL_NECK)).as("case %d femoral neck", caseNumber)
                    .satisfies(c -> {
                        assertThat(c.getEarlierZ()).isEqualTo(z[2]);
                        assertThat(c.getLaterZ()).isEqualTo(z[3]);
                    });
        }
        assertThat(outputs.distinctRecurrenceRiskAlerts()).as("only case 4 became pregnant again")
                .extracting(a -> a.getPatientId()).containsOnly(SourceCases.patientId(4)).isNotEmpty();
        assertThat(CareTeamReport.render(outputs)).contains("PLO-SRC-01", "PLO-SRC-04", "LUMBAR_SPINE");
        assertThat(actual.of(Topics.BMD_CHANGE)).isNotEmpty();
    }

    private static BmdChange firstPair(TrackerOutputs outputs, String patient, DxaSite site) {
        return outputs.currentBmdChanges().stream()
                .filter(c -> c.getPatientId().equals(patient) && c.getSite() == site)
                .min(java.util.Comparator.comparing(BmdChange::getEarlierDate))
                .orElseThrow(() -> new AssertionError("no " + site + " pair for " + patient));
    }
}
