package org.plotracker.it;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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
import org.plotracker.contracts.events.StopReason;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.events.VertebralMorphology;

/**
 * Plausible synthetic PLO patients for load and failure tests, reproducible from a seed. Each patient follows the
 * course of the source case series (DOMAIN.md): a first vaginal delivery, vertebral fragility fractures found 1–3
 * months later, a baseline DXA (L1–L4 Z around −2.4, femoral neck around −1.7) and the start of calcium/vitamin D or
 * teriparatide, sometimes a switch to teriparatide, a follow-up DXA after 6–9 months with a change typical of the
 * treatment (calcium/vitamin D about +0.1 Z, teriparatide about +0.8 Z, with spread so that some pairs cross the
 * least-significant-change thresholds either way), sometimes a second follow-up a year later, sometimes a scan on a
 * different device, and for about one in five a new pregnancy 12–24 months after the index delivery followed by a
 * second delivery. A few events are sent twice (same event id), as a clinic system retrying would.
 *
 * <p>Events are returned in the order a clinic would publish them: each patient's events by {@code recordedAt}, all
 * patients interleaved by {@code recordedAt}.
 */
public final class SyntheticCohort {

    public static final String SOURCE_SYSTEM = "synthetic-ehr";

    private static final List<Vertebra> THORACOLUMBAR = List.of(Vertebra.T4, Vertebra.T5, Vertebra.T6, Vertebra.T7,
            Vertebra.T8, Vertebra.T9, Vertebra.T10, Vertebra.T11, Vertebra.T12, Vertebra.L1, Vertebra.L2, Vertebra.L3,
            Vertebra.L4, Vertebra.L5);
    private static final DxaDevice LUNAR = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.GE_LUNAR)
            .setModel("Prodigy").setSerialNumber("SYN-LUNAR-1").build();
    private static final DxaDevice HOLOGIC = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.HOLOGIC)
            .setModel("Horizon A").setSerialNumber("SYN-HOLOGIC-7").build();

    private final long seed;
    private final int patients;

    private SyntheticCohort(long seed, int patients) {
        this.seed = seed;
        this.patients = patients;
    }

    public static SyntheticCohort of(int patients, long seed) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1, was " + patients);
        }
        return new SyntheticCohort(seed, patients);
    }

    /** Pseudonymous id of synthetic patient {@code n}. */
    public static String patientId(int n) {
        return String.format("SYN-%05d", n);
    }

    /** Every event, duplicates included, in publishing order. */
    public List<SpecificRecord> events() {
        Random random = new Random(seed);
        java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
        List<Timed> all = new ArrayList<>();
        for (int n = 1; n <= patients; n++) {
            all.addAll(new Patient(n, random, sequence).course());
        }
        all.sort(Comparator.comparing(Timed::recordedAt).thenComparing(Timed::sequence));
        return all.stream().map(Timed::event).toList();
    }

    /** Distinct event ids (the duplicates removed). */
    public Set<String> distinctEventIds() {
        Set<String> ids = new TreeSet<>();
        for (SpecificRecord event : events()) {
            ids.add((String) event.get(event.getSchema().getField("eventId").pos()));
        }
        return ids;
    }

    private record Timed(Instant recordedAt, long sequence, SpecificRecord event) {
    }

    private static final class Patient {
        private final int number;
        private final String patientId;
        private final Random random;
        private final java.util.concurrent.atomic.AtomicLong sequence;
        private final List<Timed> events = new ArrayList<>();
        private int counter;

        Patient(int number, Random random, java.util.concurrent.atomic.AtomicLong sequence) {
            this.sequence = sequence;
            this.number = number;
            this.patientId = patientId(number);
            this.random = random;
        }

        List<Timed> course() {
            LocalDate delivery = LocalDate.of(2021, 1, 4).plusDays(random.nextInt(900));
            delivery(delivery, 1);
            LocalDate fracture = delivery.plusDays(30 + random.nextInt(60));
            int levels = random.nextDouble() < 0.45 ? 1 : 2 + random.nextInt(6);
            fracture(fracture, levels);

            LocalDate baseline = fracture.plusDays(1 + random.nextInt(5));
            double spineZ = round(clamp(-2.4 + random.nextGaussian() * 0.45, -4.5, -0.5));
            double neckZ = round(clamp(-1.7 + random.nextGaussian() * 0.5, -4.0, 0.5));
            double spineBmd = round3(0.80 + spineZ * 0.1 + random.nextGaussian() * 0.02);
            double neckBmd = round3(0.68 + neckZ * 0.09 + random.nextGaussian() * 0.02);
            scan(baseline, LUNAR, spineZ, neckZ, spineBmd, neckBmd);

            boolean anabolic = random.nextDouble() < 0.3;
            TreatmentAgent agent = anabolic ? TreatmentAgent.TERIPARATIDE : TreatmentAgent.CALCIUM_VITAMIN_D;
            treatment(baseline, TreatmentAction.STARTED, agent, null);
            if (!anabolic && random.nextDouble() < 0.1) {
                treatment(baseline.plusDays(28 + random.nextInt(10)), TreatmentAction.CHANGED,
                        TreatmentAgent.TERIPARATIDE, TreatmentAgent.CALCIUM_VITAMIN_D);
                anabolic = true;
            }

            LocalDate followUp = baseline.plusDays(180 + random.nextInt(95));
            double gain = anabolic ? 0.8 : 0.1;
            double spineZ2 = round(clamp(spineZ + gain + random.nextGaussian() * 0.35, -4.5, 1.0));
            double neckZ2 = round(clamp(neckZ + gain / 3 + random.nextGaussian() * 0.3, -4.0, 1.0));
            DxaDevice followUpDevice = random.nextDouble() < 0.08 ? HOLOGIC : LUNAR;
            scan(followUp, followUpDevice, spineZ2, neckZ2, round3(spineBmd * (1 + (spineZ2 - spineZ) * 0.1)),
                    round3(neckBmd * (1 + (neckZ2 - neckZ) * 0.1)));
            if (agent == TreatmentAgent.TERIPARATIDE || anabolic) {
                treatment(followUp.plusDays(3 + random.nextInt(20)), TreatmentAction.STOPPED,
                        TreatmentAgent.TERIPARATIDE, null);
            }
            if (random.nextDouble() < 0.35) {
                LocalDate second = followUp.plusDays(330 + random.nextInt(70));
                scan(second, followUpDevice, round(clamp(spineZ2 + random.nextGaussian() * 0.3, -4.5, 1.0)),
                        round(clamp(neckZ2 + random.nextGaussian() * 0.25, -4.0, 1.0)),
                        round3(spineBmd * (1.02 + random.nextGaussian() * 0.03)),
                        round3(neckBmd * (1.01 + random.nextGaussian() * 0.03)));
            }
            if (random.nextDouble() < 0.2) {
                LocalDate conception = delivery.plusDays(365 + random.nextInt(365));
                LocalDate confirmed = conception.plusWeeks(6 + random.nextInt(4));
                pregnancy(confirmed, conception);
                delivery(conception.plusWeeks(39), 2);
            }
            if (random.nextDouble() < 0.05 && !events.isEmpty()) {
                // a clinic system retrying: the same event again, recorded later
                Timed original = events.get(random.nextInt(events.size()));
                events.add(new Timed(original.recordedAt().plusSeconds(3600), sequence.getAndIncrement(), original.event()));
            }
            return events;
        }

        private String nextId(String kind) {
            return "syn-" + number + "-" + (++counter) + "-" + kind;
        }

        private Instant recorded(LocalDate day) {
            return day.atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(60L * events.size()
                    + random.nextInt(50));
        }

        private void add(Instant recordedAt, SpecificRecord event) {
            events.add(new Timed(recordedAt, sequence.getAndIncrement(), event));
        }

        private void delivery(LocalDate day, int parity) {
            Instant at = recorded(day);
            add(at, DeliveryRecorded.newBuilder().setEventId(nextId("delivery")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM)
                    .setDeliveryMode(random.nextDouble() < 0.8 ? DeliveryMode.VAGINAL : DeliveryMode.CAESAREAN)
                    .setParity(parity).setGestationalWeeks(37 + random.nextInt(5)).setMultipleBirth(false)
                    .setBreastFeeding(random.nextDouble() < 0.7 ? BreastFeeding.EXCLUSIVE : BreastFeeding.PARTIAL)
                    .build());
        }

        private void pregnancy(LocalDate confirmed, LocalDate conception) {
            Instant at = recorded(confirmed);
            int weeks = (int) java.time.temporal.ChronoUnit.WEEKS.between(conception, confirmed) + 2;
            add(at, PregnancyConfirmed.newBuilder().setEventId(nextId("pregnancy")).setPatientId(patientId)
                    .setClinicalDate(confirmed).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM)
                    .setGestationalWeeksAtConfirmation(weeks).setEstimatedDueDate(conception.plusWeeks(38)).build());
        }

        private void fracture(LocalDate day, int levels) {
            Set<Vertebra> chosen = EnumSet.noneOf(Vertebra.class);
            while (chosen.size() < levels) {
                chosen.add(THORACOLUMBAR.get(random.nextInt(THORACOLUMBAR.size())));
            }
            List<FractureSite> sites = new ArrayList<>();
            for (Vertebra level : chosen) {
                sites.add(FractureSite.newBuilder().setRegion(SkeletalRegion.VERTEBRA).setVertebra(level)
                        .setMorphology(VertebralMorphology.WEDGE).setGenantGrade(1 + random.nextInt(3)).build());
            }
            Instant at = recorded(day);
            add(at, FractureDiagnosed.newBuilder().setEventId(nextId("fracture")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM)
                    .setSymptomOnsetDate(day.minusDays(7 + random.nextInt(21))).setModality(ImagingModality.MRI)
                    .setTrauma(random.nextBoolean() ? TraumaLevel.NONE : TraumaLevel.LOW).setFractures(sites).build());
        }

        private void scan(LocalDate day, DxaDevice device, double spineZ, double neckZ, double spineBmd,
                          double neckBmd) {
            Instant at = recorded(day);
            List<SiteMeasurement> measurements = List.of(
                    SiteMeasurement.newBuilder().setSite(DxaSite.LUMBAR_SPINE).setRegion("L1-L4")
                            .setBmdGramsPerCm2(spineBmd).setZScore(spineZ).setTScore(round(spineZ + 0.1)).build(),
                    SiteMeasurement.newBuilder().setSite(DxaSite.FEMORAL_NECK).setRegion(null)
                            .setBmdGramsPerCm2(neckBmd).setZScore(neckZ).setTScore(round(neckZ - 0.1)).build());
            add(at, DxaScanRecorded.newBuilder().setEventId(nextId("dxa")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM).setDevice(device)
                    .setMeasurements(measurements).setExcludedVertebrae(List.of())
                    .setReferenceDatabase("synthetic reference").build());
        }

        private void treatment(LocalDate day, TreatmentAction action, TreatmentAgent agent, TreatmentAgent previous) {
            Instant at = recorded(day);
            boolean teriparatide = agent == TreatmentAgent.TERIPARATIDE;
            add(at, TreatmentRecorded.newBuilder().setEventId(nextId("treatment")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM).setAction(action)
                    .setAgent(agent).setPreviousAgent(previous)
                    .setDoseAmount(teriparatide ? 20.0 : 500.0).setDoseUnit(teriparatide ? "ug" : "mg")
                    .setFrequency("daily").setRoute(teriparatide ? Route.SUBCUTANEOUS : Route.ORAL)
                    .setStopReason(action == TreatmentAction.STOPPED ? StopReason.COURSE_COMPLETED : null).build());
        }

        private static double clamp(double value, double min, double max) {
            return Math.max(min, Math.min(max, value));
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }

        private static double round3(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }
}
