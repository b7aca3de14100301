package org.plotracker.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.BreastFeeding;
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
import org.plotracker.contracts.events.VertebralMorphology;

/** Issue 14, item 14: timeline summaries keep units, precision, region, morphology and grade. */
class TimelineSummaryTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 12);
    private static final Instant AT = Instant.parse("2024-03-12T12:00:00Z");

    @Test
    void aScanKeepsUnitsPrecisionRegionAndExcludedLevels() {
        DxaScanRecorded scan = DxaScanRecorded.newBuilder().setEventId("s1").setPatientId("P").setClinicalDate(DAY)
                .setRecordedAt(AT).setSourceSystem("t")
                .setDevice(DxaDevice.newBuilder().setManufacturer(DxaManufacturer.GE_LUNAR).setModel("Prodigy")
                        .setSerialNumber("PRD-0417").build())
                .setMeasurements(List.of(new SiteMeasurement(DxaSite.LUMBAR_SPINE, "L1-L3", 0.8, -2.05, -2.0),
                        new SiteMeasurement(DxaSite.FEMORAL_NECK, null, 0.712, null, 0.0)))
                .setExcludedVertebrae(List.of(Vertebra.L4)).build();
        assertThat(TimelineBuilder.summary(scan)).isEqualTo("DXA GE_LUNAR Prodigy #PRD-0417: LUMBAR_SPINE (L1-L3)"
                + " (L4 excluded) BMD 0.800 g/cm\u00b2 Z -2.0 T -2.05; FEMORAL_NECK BMD 0.712 g/cm\u00b2 Z 0.0");
    }

    @Test
    void aFractureKeepsMorphologyAndGenantGrade() {
        FractureDiagnosed f = FractureDiagnosed.newBuilder().setEventId("f1").setPatientId("P").setClinicalDate(DAY)
                .setRecordedAt(AT).setSourceSystem("t").setModality(ImagingModality.MRI).setTrauma(TraumaLevel.NONE)
                .setFractures(List.of(
                        FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(Vertebra.T12)
                                .setMorphology(VertebralMorphology.WEDGE).setGenantGrade(2).build(),
                        FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(Vertebra.L1)
                                .build(),
                        FractureSite.newBuilder().setRegion(SkeletalRegion.SACRUM).build(),
                        FractureSite.newBuilder().setRegion(SkeletalRegion.UNKNOWN).build()))
                .build();
        assertThat(TimelineBuilder.summary(f)).isEqualTo("Fracture (MRI, trauma NONE): T12 wedge Genant grade 2, L1,"
                + " SACRUM, a region not known to this version, left out of the rules");
    }

    @Test
    void aDeliveryStatesBreastFeedingAndTreatmentsNameWhatIsUnknown() {
        DeliveryRecorded d = DeliveryRecorded.newBuilder().setEventId("d1").setPatientId("P").setClinicalDate(DAY)
                .setRecordedAt(AT).setSourceSystem("t").setDeliveryMode(DeliveryMode.VAGINAL).setParity(1)
                .setGestationalWeeks(39).setBreastFeeding(BreastFeeding.EXCLUSIVE).build();
        assertThat(TimelineBuilder.summary(d)).isEqualTo("Delivery VAGINAL, parity 1, 39 weeks, breast-feeding"
                + " EXCLUSIVE");
        TreatmentRecorded changed = TreatmentRecorded.newBuilder().setEventId("t1").setPatientId("P")
                .setClinicalDate(DAY).setRecordedAt(AT).setSourceSystem("t").setAction(TreatmentAction.CHANGED)
                .setAgent(TreatmentAgent.TERIPARATIDE).setPreviousAgent(TreatmentAgent.UNKNOWN).build();
        assertThat(TimelineBuilder.summary(changed)).isEqualTo("an agent not known to this version, left out of the"
                + " rules changed to TERIPARATIDE");
    }
}
