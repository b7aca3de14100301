package org.plotracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaManufacturer;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureReason;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.ImagingModality;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** Every {@code publish} command and {@code demo} against the real in-JVM broker. */
class PublishCommandsTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();


    private final String patient = "P-" + UUID.randomUUID();

    private static List<String> connection() {
        return List.of("-b", STACK.bootstrapServers(), "-r", STACK.schemaRegistryUrl(), "--auto-register-schemas", "--timeout", "20");
    }

    private CliRun publish(String... args) {
        CliRun run = CliRun.of(CliRun.args(connection(), args));
        assertThat(run.exitCode()).as("%s", run).isZero();
        return run;
    }

    private SpecificRecord onlyRecordOf(String topic) {
        List<ConsumerRecord<String, SpecificRecord>> records =
                TopicReader.committed(STACK, STACK.schemaRegistryUrl(), topic, patient::equals);
        assertThat(records).hasSize(1);
        return records.get(0).value();
    }

    @Test
    void publishDelivery() {
        CliRun run = publish("publish", "delivery", "--event-id", "d-" + patient, "--patient-id", patient,
                "--clinical-date", "2024-03-01", "--recorded-at", "2024-03-01T10:15:00Z", "--source-system", "ward-3",
                "--delivery-mode", "vaginal", "--parity", "1", "--gestational-weeks", "39", "--breast-feeding",
                "EXCLUSIVE");
        assertThat(run.out()).contains("Published delivery event d-" + patient + " to plo.events.delivery.v1");

        DeliveryRecorded delivery = (DeliveryRecorded) onlyRecordOf(Topics.DELIVERY.name());
        assertThat(delivery.getEventId()).isEqualTo("d-" + patient);
        assertThat(delivery.getClinicalDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(delivery.getRecordedAt()).isEqualTo(Instant.parse("2024-03-01T10:15:00Z"));
        assertThat(delivery.getSourceSystem()).isEqualTo("ward-3");
        assertThat(delivery.getDeliveryMode()).isEqualTo(DeliveryMode.VAGINAL);
        assertThat(delivery.getParity()).isEqualTo(1);
        assertThat(delivery.getGestationalWeeks()).isEqualTo(39);
        assertThat(delivery.getBreastFeeding()).isEqualTo(BreastFeeding.EXCLUSIVE);
    }

    @Test
    void publishPregnancy() {
        publish("publish", "pregnancy", "--patient-id", patient, "--clinical-date", "2024-07-15",
                "--gestational-weeks-at-confirmation", "7", "--estimated-due-date", "2025-02-24");
        PregnancyConfirmed pregnancy = (PregnancyConfirmed) onlyRecordOf(Topics.PREGNANCY.name());
        assertThat(pregnancy.getGestationalWeeksAtConfirmation()).isEqualTo(7);
        assertThat(pregnancy.getEstimatedDueDate()).isEqualTo(LocalDate.of(2025, 2, 24));
        assertThat(pregnancy.getSourceSystem()).isEqualTo("plo-cli");
        assertThat(UUID.fromString(pregnancy.getEventId())).isNotNull();
    }

    @Test
    void publishFracture() {
        publish("publish", "fracture", "--patient-id", patient, "--clinical-date", "2023-04-10",
                "--modality", "MRI", "--trauma", "none", "--fractures", "T12:WEDGE:2;L2");
        FractureDiagnosed fracture = (FractureDiagnosed) onlyRecordOf(Topics.FRACTURE.name());
        assertThat(fracture.getModality()).isEqualTo(ImagingModality.MRI);
        assertThat(fracture.getFractures()).extracting(f -> f.getRegion(), f -> f.getVertebra()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SkeletalRegion.VERTEBRA, Vertebra.T12),
                org.assertj.core.groups.Tuple.tuple(SkeletalRegion.VERTEBRA, Vertebra.L2));
        assertThat(fracture.getFractures().get(0).getGenantGrade()).isEqualTo(2);
    }

    @Test
    void publishDxa() {
        publish("publish", "dxa", "--patient-id", patient, "--clinical-date", "2023-04-12",
                "--device-manufacturer", "GE_LUNAR", "--device-serial-number", "PRD-1", "--lumbar-spine-z", "-2.6",
                "--lumbar-spine-t", "-2.5", "--lumbar-spine-bmd", "0.812", "--femoral-neck-z", "-1.9",
                "--excluded-vertebrae", "L2");
        DxaScanRecorded scan = (DxaScanRecorded) onlyRecordOf(Topics.DXA_SCAN.name());
        assertThat(scan.getDevice().getManufacturer()).isEqualTo(DxaManufacturer.GE_LUNAR);
        assertThat(scan.getDevice().getSerialNumber()).isEqualTo("PRD-1");
        assertThat(scan.getMeasurements()).extracting(m -> m.getSite()).containsExactly(DxaSite.LUMBAR_SPINE,
                DxaSite.FEMORAL_NECK);
        assertThat(scan.getMeasurements().get(0).getZScore()).isEqualTo(-2.6);
        assertThat(scan.getMeasurements().get(0).getBmdGramsPerCm2()).isEqualTo(0.812);
        assertThat(scan.getExcludedVertebrae()).containsExactly(Vertebra.L2);
    }

    @Test
    void publishTreatment() {
        publish("publish", "treatment", "--patient-id", patient, "--clinical-date", "2023-09-08",
                "--action", "CHANGED", "--agent", "teriparatide", "--previous-agent", "calcium-vitamin-d",
                "--dose-amount", "20", "--dose-unit", "ug", "--frequency", "daily", "--route", "SUBCUTANEOUS",
                "--stop-reason", "SWITCHED");
        TreatmentRecorded treatment = (TreatmentRecorded) onlyRecordOf(Topics.TREATMENT.name());
        assertThat(treatment.getAction()).isEqualTo(TreatmentAction.CHANGED);
        assertThat(treatment.getAgent()).isEqualTo(TreatmentAgent.TERIPARATIDE);
        assertThat(treatment.getPreviousAgent()).isEqualTo(TreatmentAgent.CALCIUM_VITAMIN_D);
        assertThat(treatment.getDoseAmount()).isEqualTo(20.0);
    }

    @Test
    void publishErasure() {
        publish("publish", "erasure", "--patient-id", patient, "--reason", "CONSENT_WITHDRAWN");
        ErasureRequested erasure = (ErasureRequested) onlyRecordOf(Topics.ERASURE.name());
        assertThat(erasure.getReason()).isEqualTo(ErasureReason.CONSENT_WITHDRAWN);
    }

    @Test
    void anInvalidEventIsRefusedWithEveryProblemAndNothingIsSent() {
        CliRun run = CliRun.of(CliRun.args(connection(), "publish", "treatment", "--patient-id", patient,
                "--clinical-date", "2023-09-08", "--action", "CHANGED", "--agent", "TERIPARATIDE",
                "--dose-amount", "-1", "--recorded-at", "2023-09-01T00:00:00Z"));
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.errLines()).containsExactly(
                "plo publish treatment: invalid event, nothing published:",
                "  --clinical-date: date 2023-09-08 is 7 days after recordedAt 2023-09-01T00:00:00Z (at most 1"
                        + " allowed)",
                "  --previous-agent: the previous agent is required when action is CHANGED",
                "  --dose-amount: dose -1.0 must be a positive number",
                "  --dose-unit: a unit is required when a dose amount is given");
        assertThat(TopicReader.uncommitted(STACK, STACK.schemaRegistryUrl(), Topics.TREATMENT.name(), patient::equals)).isEmpty();
    }

    @Test
    void aSchemaTheRegistryDoesNotHaveIsRefusedWithAHint() {
        String emptyRegistry = "mock://empty-" + UUID.randomUUID();
        CliRun run = CliRun.of("publish", "delivery", "--patient-id", patient, "--clinical-date", "2024-03-01",
                "-b", STACK.bootstrapServers(), "-r", emptyRegistry);
        assertThat(run.exitCode()).as("%s", run).isEqualTo(ExitCode.FAILED);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("plo publish delivery: Cannot serialize an event while publishing 1 event(s)")
                .contains("plo.events.delivery.v1-value")
                .endsWith("(the registry does not have this event schema yet: register it, or pass"
                        + " --auto-register-schemas)");
        assertThat(TopicReader.uncommitted(STACK, STACK.schemaRegistryUrl(), Topics.DELIVERY.name(),
                patient::equals)).isEmpty();
        org.plotracker.serde.registry.MockSchemaRegistry.dropScope(emptyRegistry.substring("mock://".length()));
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        CliRun run = CliRun.of(CliRun.args(connection(), "publish", "delivery", "--clinical-date", "2024-01-01"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("Missing required option: '--patient-id=TEXT'");
    }

    @Test
    void demoPublishesTheSixSourceCasesInOneTransaction() {
        CliRun run = publish("demo");
        int total = SourceCases.events().size();
        assertThat(run.out()).startsWith("Published the demo cohort: " + total + " events for patients");
        List<ConsumerRecord<String, SpecificRecord>> cases = Topics.INPUTS.stream()
                .flatMap(t -> TopicReader.committed(STACK, STACK.schemaRegistryUrl(), t.name(),
                        SourceCases.patientIds()::contains).stream()).toList();
        // Other test classes may publish the cohort too (shared broker): at least one full copy, and every copy
        // carries the cohort's fixed event ids.
        assertThat(cases.size()).isGreaterThanOrEqualTo(total).isEqualTo(total * (cases.size() / total));
        assertThat(cases.stream().map(r -> r.value().get(0)).distinct().count()).isEqualTo(total);
        assertThat(cases).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().get(1)));
    }
}
