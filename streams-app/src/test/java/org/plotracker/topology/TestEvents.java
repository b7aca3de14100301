package org.plotracker.topology;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaDevice;
import org.plotracker.contracts.events.DxaManufacturer;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureReason;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;

/** Compact builders of contract events for topology tests; recordedAt is the clinical date at noon UTC. */
final class TestEvents {

    static final DxaDevice HOLOGIC_A = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.HOLOGIC)
            .setModel("Horizon A").setSerialNumber("H-1").build();
    static final DxaDevice LUNAR_B = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.GE_LUNAR)
            .setModel("iDXA").setSerialNumber("L-7").build();

    private TestEvents() {
    }

    private static java.time.Instant at(String date) {
        return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    static DeliveryRecorded delivery(String patient, String id, String date) {
        return DeliveryRecorded.newBuilder().setEventId(id).setPatientId(patient).setClinicalDate(LocalDate.parse(date))
                .setRecordedAt(at(date)).setSourceSystem("test").setParity(1).build();
    }

    static PregnancyConfirmed pregnancy(String patient, String id, String date) {
        return PregnancyConfirmed.newBuilder().setEventId(id).setPatientId(patient)
                .setClinicalDate(LocalDate.parse(date)).setRecordedAt(at(date)).setSourceSystem("test").build();
    }

    static FractureDiagnosed fracture(String patient, String id, String date, Vertebra... levels) {
        List<FractureSite> sites = Arrays.stream(levels).map(v -> FractureSite.newBuilder()
                .setRegion(SkeletalRegion.VERTEBRA).setVertebra(v).build()).toList();
        return FractureDiagnosed.newBuilder().setEventId(id).setPatientId(patient)
                .setClinicalDate(LocalDate.parse(date)).setRecordedAt(at(date)).setSourceSystem("test")
                .setTrauma(TraumaLevel.NONE).setFractures(sites).build();
    }

    /** A spine-only scan with BMD (g/cm²) and Z. */
    static DxaScanRecorded spineScan(String patient, String id, String date, DxaDevice device, Double bmd, Double z) {
        return scan(patient, id, date, device, new SiteMeasurement(DxaSite.LUMBAR_SPINE, "L1-L4", bmd, null, z));
    }

    static DxaScanRecorded scan(String patient, String id, String date, DxaDevice device,
                                SiteMeasurement... measurements) {
        return DxaScanRecorded.newBuilder().setEventId(id).setPatientId(patient)
                .setClinicalDate(LocalDate.parse(date)).setRecordedAt(at(date)).setSourceSystem("test")
                .setDevice(device).setMeasurements(List.of(measurements)).build();
    }

    static TreatmentRecorded started(String patient, String id, String date, TreatmentAgent agent) {
        return TreatmentRecorded.newBuilder().setEventId(id).setPatientId(patient)
                .setClinicalDate(LocalDate.parse(date)).setRecordedAt(at(date)).setSourceSystem("test")
                .setAction(TreatmentAction.STARTED).setAgent(agent).build();
    }

    static ErasureRequested erasure(String patient, String id) {
        return erasure(patient, id, at("2026-01-01"));
    }

    static ErasureRequested erasure(String patient, String id, java.time.Instant recordedAt) {
        return ErasureRequested.newBuilder().setEventId(id).setPatientId(patient).setRecordedAt(recordedAt)
                .setSourceSystem("test").setReason(ErasureReason.PATIENT_REQUEST).build();
    }

    /** A copy of {@code event} as another version of it: the given revision, recordedAt and entry status. */
    static <T extends org.apache.avro.specific.SpecificRecord> T revised(
            T event, int revision, java.time.Instant recordedAt, org.plotracker.contracts.common.EntryStatus status) {
        @SuppressWarnings("unchecked")
        T copy = (T) org.apache.avro.specific.SpecificData.getForClass(event.getClass()).deepCopy(event.getSchema(),
                event);
        org.apache.avro.generic.GenericRecord fields = (org.apache.avro.generic.GenericRecord) copy;
        fields.put("revision", revision);
        fields.put("recordedAt", recordedAt);
        fields.put("entryStatus", status);
        return copy;
    }
}
