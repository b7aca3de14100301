package org.plotracker.contracts.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
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
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.Route;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.events.VertebralMorphology;

/**
 * The six cases of the source case series (DOMAIN.md, Table 1) as clinic events: the demo cohort and the reference
 * data of the topology tests.
 *
 * <p>The paper gives ages, fracture levels, treatment and its duration, and the DXA Z- and T-scores before and after
 * treatment; it gives no dates and no BMD in g/cm². The dates here are invented within the paper's intervals: the
 * fracture visit 1–3 months after a vaginal delivery (primiparous, breast-feeding), a baseline DXA and the start of
 * treatment at that visit, the follow-up DXA after the table's months of treatment and the end of treatment recorded
 * on that day (the paper reports the treatment durations: 8, 6, 7, 8, 9 and 8 months; case 2's teriparatide stops a
 * week after her follow-up DXA). Case 5 switches from calcium/vitamin D to teriparatide one month after starting. Case 4 has a further DXA before her second pregnancy, the pregnancy
 * confirmed 16 months after diagnosis, a second delivery, and a DXA three months after it. All scans are on the same
 * device. Every event id, date and {@code recordedAt} is fixed, so that publishing the cohort twice is a duplicate.
 */
public final class SourceCases {

    /** The {@code sourceSystem} of every demo event. */
    public static final String SOURCE_SYSTEM = "source-case-series";

    private static final DxaDevice DEVICE = DxaDevice.newBuilder()
            .setManufacturer(DxaManufacturer.GE_LUNAR).setModel("Prodigy").setSerialNumber("PRD-0417").build();

    private static final List<SpecificRecord> EVENTS = buildAll();

    private SourceCases() {
    }

    /** Pseudonymous patient id of case {@code n} (1–6). */
    public static String patientId(int caseNumber) {
        if (caseNumber < 1 || caseNumber > 6) {
            throw new IllegalArgumentException("source cases are numbered 1 to 6, not " + caseNumber);
        }
        return "PLO-SRC-0" + caseNumber;
    }

    /** The six patient ids in case order. */
    public static List<String> patientIds() {
        return List.of(patientId(1), patientId(2), patientId(3), patientId(4), patientId(5), patientId(6));
    }

    /** Every event of the cohort, ordered by {@code recordedAt} (the order a clinic would have published them). */
    public static List<SpecificRecord> events() {
        return EVENTS;
    }

    /** The events of one patient, ordered by {@code recordedAt}. */
    public static List<SpecificRecord> eventsFor(String patientId) {
        return EVENTS.stream().filter(e -> Objects.equals(patientId, e.get(e.getSchema().getField("patientId").pos())))
                .toList();
    }

    private static List<SpecificRecord> buildAll() {
        List<SpecificRecord> all = new ArrayList<>();
        // Case 1: 31 y, T12, Ca/vit D for 8 months.
        Case c1 = new Case(1);
        c1.delivery("2023-02-06", 1, 39);
        c1.fracture("2023-04-10", ImagingModality.MRI, Vertebra.T12);
        c1.dxa("baseline", "2023-04-12", -2.6, -2.5, -1.9, -1.9);
        c1.start("2023-04-12", TreatmentAgent.CALCIUM_VITAMIN_D);
        c1.dxa("followup", "2023-12-12", -2.4, -2.4, -1.8, -1.8);
        c1.stop("2023-12-12", TreatmentAgent.CALCIUM_VITAMIN_D);
        all.addAll(c1.events);

        // Case 2: 33 y, T11, teriparatide for 6 months.
        Case c2 = new Case(2);
        c2.delivery("2023-03-20", 1, 40);
        c2.fracture("2023-04-24", ImagingModality.MRI, Vertebra.T11);
        c2.dxa("baseline", "2023-04-26", -1.9, -1.3, 0.0, -0.8);
        c2.start("2023-04-28", TreatmentAgent.TERIPARATIDE);
        c2.dxa("followup", "2023-10-27", -1.0, -1.0, -0.8, -0.8);
        c2.stop("2023-11-03", TreatmentAgent.TERIPARATIDE);
        all.addAll(c2.events);

        // Case 3: 31 y, T12, L2, L4, L5, Ca/vit D for 7 months.
        Case c3 = new Case(3);
        c3.delivery("2023-05-02", 1, 38);
        c3.fracture("2023-07-25", ImagingModality.MRI, Vertebra.T12, Vertebra.L2, Vertebra.L4, Vertebra.L5);
        c3.dxa("baseline", "2023-07-27", -2.6, -2.9, -1.5, -1.7);
        c3.start("2023-07-27", TreatmentAgent.CALCIUM_VITAMIN_D);
        c3.dxa("followup", "2024-02-27", -2.4, -2.4, -1.2, -1.2);
        c3.stop("2024-02-27", TreatmentAgent.CALCIUM_VITAMIN_D);
        all.addAll(c3.events);

        // Case 4: 35 y, T4, T5, T7, T8, T10-T12, L2, Ca/vit D for 8 months; pregnant again 16 months after diagnosis.
        Case c4 = new Case(4);
        c4.delivery("2023-01-09", 1, 39);
        c4.fracture("2023-03-13", ImagingModality.MRI, Vertebra.T4, Vertebra.T5, Vertebra.T7, Vertebra.T8,
                Vertebra.T10, Vertebra.T11, Vertebra.T12, Vertebra.L2);
        c4.dxa("baseline", "2023-03-15", -2.5, -1.5, -2.1, -1.7);
        c4.start("2023-03-15", TreatmentAgent.CALCIUM_VITAMIN_D);
        c4.dxa("followup", "2023-11-15", -1.8, -1.8, -2.0, -2.0);
        c4.stop("2023-11-15", TreatmentAgent.CALCIUM_VITAMIN_D);
        c4.dxaSpineAndTotalHipZ("prepregnancy", "2024-05-14", -2.1, -2.0);
        c4.pregnancy("2024-07-15", 7);
        c4.delivery("2025-02-24", 2, 39);
        c4.dxaSpineAndTotalHipZ("postpartum2", "2025-05-26", -1.2, -2.4);
        all.addAll(c4.events);

        // Case 5: 36 y, T7, T9-L5 on bone scan, Ca/vit D then teriparatide after one month; 9 months of treatment.
        Case c5 = new Case(5);
        c5.delivery("2023-06-12", 1, 39);
        c5.fracture("2023-08-07", ImagingModality.BONE_SCAN, Vertebra.T7, Vertebra.T9, Vertebra.T10, Vertebra.T11,
                Vertebra.T12, Vertebra.L1, Vertebra.L2, Vertebra.L3, Vertebra.L4, Vertebra.L5);
        c5.dxa("baseline", "2023-08-09", -2.7, -2.5, -1.6, -1.2);
        c5.start("2023-08-09", TreatmentAgent.CALCIUM_VITAMIN_D);
        c5.change("2023-09-08", TreatmentAgent.CALCIUM_VITAMIN_D, TreatmentAgent.TERIPARATIDE);
        c5.dxa("followup", "2024-05-09", -1.0, -1.0, -1.2, -1.2);
        c5.stop("2024-05-09", TreatmentAgent.TERIPARATIDE);
        all.addAll(c5.events);

        // Case 6: 28 y, T6-T9, T12, L2, L5, Ca/vit D for 8 months.
        Case c6 = new Case(6);
        c6.delivery("2023-08-21", 1, 40);
        c6.fracture("2023-09-25", ImagingModality.MRI, Vertebra.T6, Vertebra.T7, Vertebra.T8, Vertebra.T9,
                Vertebra.T12, Vertebra.L2, Vertebra.L5);
        c6.dxa("baseline", "2023-09-27", -1.9, -1.7, -1.6, -1.4);
        c6.start("2023-09-27", TreatmentAgent.CALCIUM_VITAMIN_D);
        c6.dxa("followup", "2024-05-27", -1.8, -1.8, -1.6, -1.6);
        c6.stop("2024-05-27", TreatmentAgent.CALCIUM_VITAMIN_D);
        all.addAll(c6.events);

        all.sort(Comparator.comparing(SourceCases::recordedAt));
        return List.copyOf(all);
    }

    private static Instant recordedAt(SpecificRecord event) {
        return (Instant) event.get(event.getSchema().getField("recordedAt").pos());
    }

    /** Builds one case's events with fixed ids and recording times. */
    private static final class Case {
        private final int number;
        private final String patientId;
        private final List<SpecificRecord> events = new ArrayList<>();
        private int deliveries;

        Case(int number) {
            this.number = number;
            this.patientId = patientId(number);
        }

        private String id(String suffix) {
            return "src-c" + number + "-" + suffix;
        }

        /** Recorded at 16:00 UTC on the clinical day, a minute apart per event of the case, so ordering is stable. */
        private Instant recorded(LocalDate day) {
            return day.atTime(16, events.size()).toInstant(ZoneOffset.UTC);
        }

        void delivery(String date, int parity, int gestationalWeeks) {
            deliveries++;
            LocalDate day = LocalDate.parse(date);
            events.add(DeliveryRecorded.newBuilder().setEventId(id("delivery-" + deliveries)).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(recorded(day)).setSourceSystem(SOURCE_SYSTEM)
                    .setDeliveryMode(DeliveryMode.VAGINAL).setParity(parity).setGestationalWeeks(gestationalWeeks)
                    .setMultipleBirth(false).setBreastFeeding(BreastFeeding.EXCLUSIVE).build());
        }

        void pregnancy(String date, int gestationalWeeks) {
            LocalDate day = LocalDate.parse(date);
            events.add(PregnancyConfirmed.newBuilder().setEventId(id("pregnancy-" + (deliveries + 1)))
                    .setPatientId(patientId).setClinicalDate(day).setRecordedAt(recorded(day))
                    .setSourceSystem(SOURCE_SYSTEM).setGestationalWeeksAtConfirmation(gestationalWeeks)
                    .setEstimatedDueDate(day.plusWeeks(40L - gestationalWeeks)).build());
        }

        void fracture(String date, ImagingModality modality, Vertebra... levels) {
            LocalDate day = LocalDate.parse(date);
            List<FractureSite> sites = new ArrayList<>();
            for (Vertebra level : levels) {
                sites.add(FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(level)
                        .setMorphology(VertebralMorphology.UNKNOWN).setGenantGrade(null).build());
            }
            events.add(FractureDiagnosed.newBuilder().setEventId(id("fracture-1")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(recorded(day)).setSourceSystem(SOURCE_SYSTEM)
                    .setSymptomOnsetDate(day.minusWeeks(3)).setModality(modality).setTrauma(TraumaLevel.NONE)
                    .setFractures(sites).build());
        }

        /** A scan with L1–L4 and femoral-neck Z- and T-scores, as in Table 1. */
        void dxa(String label, String date, double spineZ, double spineT, double neckZ, double neckT) {
            scan(label, date, List.of(
                    measurement(DxaSite.LUMBAR_SPINE, "L1-L4", spineZ, spineT),
                    measurement(DxaSite.FEMORAL_NECK, null, neckZ, neckT)));
        }

        /** A scan with only L1–L4 and total-hip Z-scores (case 4 around her second pregnancy). */
        void dxaSpineAndTotalHipZ(String label, String date, double spineZ, double totalHipZ) {
            scan(label, date, List.of(
                    measurement(DxaSite.LUMBAR_SPINE, "L1-L4", spineZ, null),
                    measurement(DxaSite.TOTAL_HIP, null, totalHipZ, null)));
        }

        private void scan(String label, String date, List<SiteMeasurement> measurements) {
            LocalDate day = LocalDate.parse(date);
            events.add(DxaScanRecorded.newBuilder().setEventId(id("dxa-" + label)).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(recorded(day)).setSourceSystem(SOURCE_SYSTEM)
                    .setDevice(DEVICE).setMeasurements(measurements).setExcludedVertebrae(List.of())
                    .setReferenceDatabase("GE Lunar Asian female reference").build());
        }

        private static SiteMeasurement measurement(DxaSite site, String region, Double z, Double t) {
            return SiteMeasurement.newBuilder().setSite(site).setRegion(region).setBmdGramsPerCm2(null)
                    .setZScore(z).setTScore(t).build();
        }

        void start(String date, TreatmentAgent agent) {
            treatment(date, TreatmentAction.STARTED, agent, null, "start");
        }

        void stop(String date, TreatmentAgent agent) {
            treatment(date, TreatmentAction.STOPPED, agent, null, "stop");
        }

        void change(String date, TreatmentAgent from, TreatmentAgent to) {
            treatment(date, TreatmentAction.CHANGED, to, from, "change");
        }

        private void treatment(String date, TreatmentAction action, TreatmentAgent agent, TreatmentAgent previous,
                               String verb) {
            LocalDate day = LocalDate.parse(date);
            boolean teriparatide = agent == TreatmentAgent.TERIPARATIDE;
            TreatmentRecorded.Builder b = TreatmentRecorded.newBuilder()
                    .setEventId(id("treatment-" + verb + "-" + agent.name().toLowerCase().replace('_', '-')))
                    .setPatientId(patientId).setClinicalDate(day).setRecordedAt(recorded(day))
                    .setSourceSystem(SOURCE_SYSTEM).setAction(action).setAgent(agent).setPreviousAgent(previous)
                    .setRoute(teriparatide ? Route.SUBCUTANEOUS : Route.ORAL)
                    .setStopReason(action == TreatmentAction.STOPPED
                            ? org.plotracker.contracts.events.StopReason.COURSE_COMPLETED : null);
            if (teriparatide) {
                b.setDoseAmount(20.0).setDoseUnit("ug").setFrequency("daily");
            } else if (agent == TreatmentAgent.CALCIUM_VITAMIN_D) {
                b.setDoseAmount(500.0).setDoseUnit("mg calcium + 1000 IU cholecalciferol").setFrequency("daily");
            }
            events.add(b.build());
        }
    }
}
