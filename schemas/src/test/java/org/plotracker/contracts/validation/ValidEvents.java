package org.plotracker.contracts.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaDevice;
import org.plotracker.contracts.events.DxaManufacturer;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureReason;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.ImagingModality;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.Route;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.events.VertebralMorphology;

/** Valid events of each type, as builders, for tests to break one field at a time. */
final class ValidEvents {

    static final LocalDate DAY = LocalDate.of(2024, 3, 14);
    static final Instant RECORDED = Instant.parse("2024-03-14T16:00:00Z");

    private ValidEvents() {
    }

    static DeliveryRecorded.Builder delivery() {
        return DeliveryRecorded.newBuilder().setEventId("evt-1").setPatientId("P-1").setClinicalDate(DAY)
                .setRecordedAt(RECORDED).setSourceSystem("clinic-a").setDeliveryMode(DeliveryMode.VAGINAL)
                .setParity(1).setGestationalWeeks(39).setBreastFeeding(BreastFeeding.EXCLUSIVE);
    }

    static PregnancyConfirmed.Builder pregnancy() {
        return PregnancyConfirmed.newBuilder().setEventId("evt-2").setPatientId("P-1").setClinicalDate(DAY)
                .setRecordedAt(RECORDED).setSourceSystem("clinic-a").setGestationalWeeksAtConfirmation(8)
                .setEstimatedDueDate(DAY.plusWeeks(32));
    }

    static FractureSite vertebra(Vertebra level) {
        return FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(level)
                .setMorphology(VertebralMorphology.WEDGE).setGenantGrade(2).build();
    }

    static FractureDiagnosed.Builder fracture() {
        return FractureDiagnosed.newBuilder().setEventId("evt-3").setPatientId("P-1").setClinicalDate(DAY)
                .setRecordedAt(RECORDED).setSourceSystem("clinic-a").setSymptomOnsetDate(DAY.minusWeeks(3))
                .setModality(ImagingModality.MRI).setTrauma(TraumaLevel.NONE)
                .setFractures(new ArrayList<>(List.of(vertebra(Vertebra.T12), vertebra(Vertebra.L2))));
    }

    static SiteMeasurement measurement(DxaSite site, Double bmd, Double t, Double z) {
        return SiteMeasurement.newBuilder().setSite(site).setBmdGramsPerCm2(bmd).setTScore(t).setZScore(z).build();
    }

    static DxaScanRecorded.Builder dxa() {
        return DxaScanRecorded.newBuilder().setEventId("evt-4").setPatientId("P-1").setClinicalDate(DAY)
                .setRecordedAt(RECORDED).setSourceSystem("clinic-a")
                .setDevice(DxaDevice.newBuilder().setManufacturer(DxaManufacturer.HOLOGIC).build())
                .setMeasurements(new ArrayList<>(List.of(
                        measurement(DxaSite.LUMBAR_SPINE, 0.812, -2.5, -2.6),
                        measurement(DxaSite.FEMORAL_NECK, 0.701, -1.9, -1.9))));
    }

    static TreatmentRecorded.Builder treatment() {
        return TreatmentRecorded.newBuilder().setEventId("evt-5").setPatientId("P-1").setClinicalDate(DAY)
                .setRecordedAt(RECORDED).setSourceSystem("clinic-a").setAction(TreatmentAction.STARTED)
                .setAgent(TreatmentAgent.TERIPARATIDE).setDoseAmount(20.0).setDoseUnit("ug").setFrequency("daily")
                .setRoute(Route.SUBCUTANEOUS);
    }

    static ErasureRequested.Builder erasure() {
        return ErasureRequested.newBuilder().setEventId("evt-6").setPatientId("P-1").setRecordedAt(RECORDED)
                .setSourceSystem("clinic-a").setReason(ErasureReason.PATIENT_REQUEST);
    }
}
