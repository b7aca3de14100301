package org.plotracker.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.cli.format.RecordJson;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaDevice;
import org.plotracker.contracts.events.DxaManufacturer;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.ImagingModality;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;

/**
 * A synthetic clinic export: per patient a delivery, a vertebral fracture, a baseline DXA, a treatment start and a
 * follow-up DXA (five events), seeded so that the file is the same on every run.
 */
final class GeneratedCohort {

    static final int EVENTS_PER_PATIENT = 5;

    private GeneratedCohort() {
    }

    static List<SpecificRecord> events(String patientPrefix, int patients) {
        Random random = new Random(42);
        List<SpecificRecord> events = new ArrayList<>(patients * EVENTS_PER_PATIENT);
        DxaDevice device = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.HOLOGIC).setModel("Horizon A")
                .setSerialNumber("HZ-200").build();
        for (int p = 0; p < patients; p++) {
            String patient = patientPrefix + String.format("%05d", p);
            LocalDate delivered = LocalDate.of(2022, 1, 1).plusDays(random.nextInt(700));
            LocalDate fractured = delivered.plusDays(30 + random.nextInt(60));
            LocalDate followUp = fractured.plusDays(200 + random.nextInt(160));
            double baselineZ = -1.5 - random.nextInt(15) / 10.0;
            events.add(DeliveryRecorded.newBuilder().setEventId(patient + "-delivery").setPatientId(patient)
                    .setClinicalDate(delivered).setRecordedAt(at(delivered)).setSourceSystem("generated")
                    .setDeliveryMode(DeliveryMode.VAGINAL).setParity(1).setGestationalWeeks(38 + random.nextInt(3))
                    .build());
            events.add(FractureDiagnosed.newBuilder().setEventId(patient + "-fracture").setPatientId(patient)
                    .setClinicalDate(fractured).setRecordedAt(at(fractured)).setSourceSystem("generated")
                    .setModality(ImagingModality.MRI).setTrauma(TraumaLevel.NONE)
                    .setFractures(List.of(FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA)
                            .setVertebra(Vertebra.values()[Vertebra.T10.ordinal() + random.nextInt(5)]).build()))
                    .build());
            events.add(scan(patient + "-dxa-1", patient, fractured.plusDays(2), device, baselineZ));
            events.add(TreatmentRecorded.newBuilder().setEventId(patient + "-treatment").setPatientId(patient)
                    .setClinicalDate(fractured.plusDays(2)).setRecordedAt(at(fractured.plusDays(2)))
                    .setSourceSystem("generated").setAction(TreatmentAction.STARTED)
                    .setAgent(random.nextBoolean() ? TreatmentAgent.CALCIUM_VITAMIN_D : TreatmentAgent.TERIPARATIDE)
                    .build());
            events.add(scan(patient + "-dxa-2", patient, followUp, device,
                    baselineZ + (random.nextInt(11) - 3) / 10.0));
        }
        return events;
    }

    static Path writeJsonLines(Path file, List<SpecificRecord> events) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SpecificRecord event : events) {
                writer.write(RecordJson.toJsonLine(event).toString());
                writer.newLine();
            }
        }
        return file;
    }

    private static DxaScanRecorded scan(String id, String patient, LocalDate day, DxaDevice device, double z) {
        double spineZ = Math.round(z * 10) / 10.0;
        return DxaScanRecorded.newBuilder().setEventId(id).setPatientId(patient).setClinicalDate(day)
                .setRecordedAt(at(day)).setSourceSystem("generated").setDevice(device)
                .setMeasurements(List.of(
                        SiteMeasurement.newBuilder().setSite(DxaSite.LUMBAR_SPINE).setZScore(spineZ)
                                .setBmdGramsPerCm2(Math.round((1.0 + spineZ * 0.11) * 1000) / 1000.0).build(),
                        SiteMeasurement.newBuilder().setSite(DxaSite.FEMORAL_NECK).setZScore(spineZ + 0.5).build()))
                .build();
    }

    private static java.time.Instant at(LocalDate day) {
        return day.atTime(15, 30).toInstant(ZoneOffset.UTC);
    }
}
