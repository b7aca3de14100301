package org.plotracker.contracts.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
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
 * Plausible synthetic PLO patients for load and failure tests and for the load harness, reproducible from a seed (each
 * patient's course is drawn from its own generator seeded by the cohort seed and her number, so any slice of the
 * cohort can be generated on its own).
 *
 * <p><b>Natural course</b> ({@link #of(int, long)}): each patient follows the course of the source case series
 * (DOMAIN.md): a first vaginal delivery, vertebral fragility fractures found 1–3 months later, a baseline DXA (L1–L4 Z
 * around −2.4, femoral neck around −1.7) and the start of calcium/vitamin D or teriparatide, sometimes a switch to
 * teriparatide, a follow-up DXA after 6–9 months with a change typical of the treatment (calcium/vitamin D about
 * +0.1 Z, teriparatide about +0.8 Z, with spread so that some pairs cross the least-significant-change thresholds
 * either way), sometimes a second follow-up a year later, sometimes a scan on a different device, and for about one
 * in five a new pregnancy 12–24 months after the index delivery followed by a second delivery. A few events are sent
 * twice (same event id), as a clinic system retrying would. About 5–9 events per patient.
 *
 * <p><b>Fixed length</b> ({@link #eventsPerPatient(int)}): exactly {@code n} distinct events per patient, no re-sent
 * ones. The first five are the core of the course above (delivery, fracture, baseline DXA, treatment start, follow-up
 * DXA; fewer than five take a prefix); further events are monitoring visits spread evenly over about ten years after
 * the follow-up (a visit every {@code 3650 / (n - 5)} days, at least weekly, at most half-yearly): mostly DXA scans
 * with a treatment-typical drift, a treatment switch every fourth visit, and a later pregnancy with its delivery 39
 * weeks after conception (the 17th and 18th events, then every 80 events). At 200 events that is a visit every ~19 days: denser than a
 * clinic scans, which makes it the worst case for per-patient work.
 *
 * <p>Within a patient, clinical dates and {@code recordedAt} only increase. Events are returned in the order a clinic
 * would publish them: all patients interleaved by {@code recordedAt}.
 */
public final class SyntheticCohort {

    public static final String SOURCE_SYSTEM = "synthetic-ehr";
    /** Prefix of patient ids unless {@link #idPrefix(String)} sets another. */
    public static final String DEFAULT_ID_PREFIX = "SYN-";

    private static final List<Vertebra> THORACOLUMBAR = List.of(Vertebra.T4, Vertebra.T5, Vertebra.T6, Vertebra.T7,
            Vertebra.T8, Vertebra.T9, Vertebra.T10, Vertebra.T11, Vertebra.T12, Vertebra.L1, Vertebra.L2, Vertebra.L3,
            Vertebra.L4, Vertebra.L5);
    private static final DxaDevice LUNAR = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.GE_LUNAR)
            .setModel("Prodigy").setSerialNumber("SYN-LUNAR-1").build();
    private static final DxaDevice HOLOGIC = DxaDevice.newBuilder().setManufacturer(DxaManufacturer.HOLOGIC)
            .setModel("Horizon A").setSerialNumber("SYN-HOLOGIC-7").build();
    /** Treatment switches of the monitoring visits, in turn. */
    private static final List<TreatmentAgent> ROTATION = List.of(TreatmentAgent.CALCIUM_VITAMIN_D,
            TreatmentAgent.TERIPARATIDE, TreatmentAgent.DENOSUMAB, TreatmentAgent.ZOLEDRONATE);
    private static final int CORE_EVENTS = 5;
    private static final int PREGNANCY_EVERY = 80;
    private static final int FIRST_PREGNANCY_VISIT = 12;

    private final long seed;
    private final int patients;
    private final int eventsPerPatient;
    private final String idPrefix;

    private SyntheticCohort(long seed, int patients, int eventsPerPatient, String idPrefix) {
        this.seed = seed;
        this.patients = patients;
        this.eventsPerPatient = eventsPerPatient;
        this.idPrefix = idPrefix;
    }

    /** {@code patients} patients on their natural course (about 5–9 events each, a few re-sent). */
    public static SyntheticCohort of(int patients, long seed) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1, was " + patients);
        }
        return new SyntheticCohort(seed, patients, 0, DEFAULT_ID_PREFIX);
    }

    /** This cohort with exactly {@code n} distinct events per patient and none re-sent. */
    public SyntheticCohort eventsPerPatient(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("events per patient must be at least 1, was " + n);
        }
        return new SyntheticCohort(seed, patients, n, idPrefix);
    }

    /**
     * This cohort with patient ids {@code <prefix><number>} and event ids starting with the prefix in lower case, so
     * that several cohorts can share topics without sharing a patient or an event id.
     */
    public SyntheticCohort idPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("id prefix must be letters, digits, '.', '_' or '-', was '" + prefix
                    + "'");
        }
        return new SyntheticCohort(seed, patients, eventsPerPatient, prefix);
    }

    public int patients() {
        return patients;
    }

    /** Events per patient when fixed, else 0 (the natural course). */
    public int fixedEventsPerPatient() {
        return eventsPerPatient;
    }

    /** Pseudonymous id of synthetic patient {@code n} with the default prefix. */
    public static String patientId(int n) {
        return DEFAULT_ID_PREFIX + String.format("%05d", n);
    }

    /** Pseudonymous id of patient {@code n} of this cohort. */
    public String patientIdOf(int n) {
        return idPrefix + String.format("%05d", n);
    }

    /** Every event, duplicates included, in publishing order. */
    public List<SpecificRecord> events() {
        return events(1, patients);
    }

    /**
     * The events of patients {@code from..to} (inclusive), in publishing order among them; the same events as in
     * {@link #events()}.
     */
    public List<SpecificRecord> events(int from, int to) {
        if (from < 1 || to > patients || from > to) {
            throw new IllegalArgumentException("patients " + from + ".." + to + " are not within 1.." + patients);
        }
        List<Timed> all = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            all.addAll(new Patient(n).course());
        }
        all.sort(Comparator.comparing(Timed::recordedAt).thenComparing(Timed::patient).thenComparing(Timed::order));
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

    private record Timed(Instant recordedAt, int patient, int order, SpecificRecord event) {
    }

    private final class Patient {
        private final int number;
        private final String patientId;
        private final Random random;
        private final List<Timed> events = new ArrayList<>();
        private int counter;
        private Instant lastRecorded = Instant.EPOCH;

        Patient(int number) {
            this.number = number;
            this.patientId = patientIdOf(number);
            this.random = new Random(mix(seed * 0x9E3779B97F4A7C15L + number));
        }

        List<Timed> course() {
            return eventsPerPatient == 0 ? naturalCourse() : fixedCourse(eventsPerPatient);
        }

        private List<Timed> naturalCourse() {
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
            // events are added in clinical order above except the pregnancy, which may predate the later scans
            events.sort(Comparator.comparing(Timed::recordedAt).thenComparing(Timed::order));
            if (random.nextDouble() < 0.05 && !events.isEmpty()) {
                // a clinic system retrying: the same event again, recorded later
                Timed original = events.get(random.nextInt(events.size()));
                events.add(new Timed(original.recordedAt().plusSeconds(3600), number, counter++, original.event()));
            }
            return events;
        }

        private List<Timed> fixedCourse(int n) {
            LocalDate delivery = LocalDate.of(2008, 1, 7).plusDays(random.nextInt(900));
            delivery(delivery, 1);
            if (n == 1) {
                return events;
            }
            LocalDate fracture = delivery.plusDays(30 + random.nextInt(60));
            fracture(fracture, random.nextDouble() < 0.45 ? 1 : 2 + random.nextInt(6));
            if (n == 2) {
                return events;
            }
            LocalDate day = fracture.plusDays(1 + random.nextInt(5));
            double spineZ = round(clamp(-2.4 + random.nextGaussian() * 0.45, -4.5, -0.5));
            double neckZ = round(clamp(-1.7 + random.nextGaussian() * 0.5, -4.0, 0.5));
            double spineBmd = round3(0.80 + spineZ * 0.1 + random.nextGaussian() * 0.02);
            double neckBmd = round3(0.68 + neckZ * 0.09 + random.nextGaussian() * 0.02);
            scan(day, LUNAR, spineZ, neckZ, spineBmd, neckBmd);
            if (n == 3) {
                return events;
            }
            int agentIndex = random.nextDouble() < 0.3 ? 1 : 0;
            treatment(day, TreatmentAction.STARTED, ROTATION.get(agentIndex), null);
            int parity = 1;
            long interval = n <= CORE_EVENTS ? 0 : Math.max(7, Math.min(182, 3650 / (n - CORE_EVENTS)));
            day = day.plusDays(180 + random.nextInt(95));
            for (int i = 4; i < n; i++) {
                int visit = i - 4;
                TreatmentAgent agent = ROTATION.get(agentIndex);
                if (visit % PREGNANCY_EVERY == FIRST_PREGNANCY_VISIT && i + 1 < n) {
                    LocalDate conception = day.minusWeeks(7);
                    pregnancy(day, conception);
                    LocalDate birth = conception.plusWeeks(39);
                    delivery(birth, ++parity);
                    i++;
                    day = birth.plusDays(interval);
                    continue;
                }
                if (visit > 0 && visit % 4 == 0) {
                    int next = (agentIndex + 1) % ROTATION.size();
                    treatment(day, TreatmentAction.CHANGED, ROTATION.get(next), agent);
                    agentIndex = next;
                } else {
                    double gain = switch (agent) {
                        case TERIPARATIDE -> 0.8;
                        case DENOSUMAB, ZOLEDRONATE -> 0.3;
                        default -> 0.05;
                    } * Math.max(interval, 30) / 365.0;
                    spineZ = round(clamp(spineZ + gain + random.nextGaussian() * 0.2, -4.5, 1.0));
                    neckZ = round(clamp(neckZ + gain / 3 + random.nextGaussian() * 0.15, -4.0, 1.0));
                    spineBmd = round3(clamp(spineBmd * (1 + random.nextGaussian() * 0.02 + gain * 0.05), 0.4, 1.4));
                    neckBmd = round3(clamp(neckBmd * (1 + random.nextGaussian() * 0.02 + gain * 0.03), 0.35, 1.2));
                    scan(day, random.nextDouble() < 0.05 ? HOLOGIC : LUNAR, spineZ, neckZ, spineBmd, neckBmd);
                }
                day = day.plusDays(interval);
            }
            return events;
        }

        private String nextId(String kind) {
            String prefix = idPrefix.equals(DEFAULT_ID_PREFIX) ? "syn" : idPrefix.toLowerCase(java.util.Locale.ROOT);
            if (prefix.endsWith("-")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
            return prefix + "-" + number + "-" + (++counter) + "-" + kind;
        }

        /** 9:00 UTC on the clinical day plus a little; in a fixed-length course always after her previous record. */
        private Instant recorded(LocalDate day) {
            Instant at = day.atTime(9, 0).toInstant(ZoneOffset.UTC).plusSeconds(60L * events.size()
                    + random.nextInt(50));
            if (eventsPerPatient > 0 && !at.isAfter(lastRecorded)) {
                at = lastRecorded.plusSeconds(60);
            }
            lastRecorded = at;
            return at;
        }

        private void add(Instant recordedAt, SpecificRecord event) {
            events.add(new Timed(recordedAt, number, counter, event));
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
            int weeks = (int) ChronoUnit.WEEKS.between(conception, confirmed) + 2;
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
            Dose dose = Dose.of(agent);
            add(at, TreatmentRecorded.newBuilder().setEventId(nextId("treatment")).setPatientId(patientId)
                    .setClinicalDate(day).setRecordedAt(at).setSourceSystem(SOURCE_SYSTEM).setAction(action)
                    .setAgent(agent).setPreviousAgent(previous)
                    .setDoseAmount(dose.amount()).setDoseUnit(dose.unit()).setFrequency(dose.frequency())
                    .setRoute(dose.route())
                    .setStopReason(action == TreatmentAction.STOPPED ? StopReason.COURSE_COMPLETED : null).build());
        }
    }

    /** The usual dose of each agent the cohort uses (product labels). */
    private record Dose(double amount, String unit, String frequency, Route route) {
        static Dose of(TreatmentAgent agent) {
            return switch (agent) {
                case TERIPARATIDE -> new Dose(20.0, "ug", "daily", Route.SUBCUTANEOUS);
                case DENOSUMAB -> new Dose(60.0, "mg", "every 6 months", Route.SUBCUTANEOUS);
                case ZOLEDRONATE -> new Dose(5.0, "mg", "yearly", Route.INTRAVENOUS);
                default -> new Dose(500.0, "mg", "daily", Route.ORAL);
            };
        }
    }

    /** A 64-bit finaliser (Stafford's variant 13): neighbouring patient numbers get unrelated generators. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
