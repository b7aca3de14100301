package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.RulesConfig;
import org.plotracker.serde.registry.MockSchemaRegistry;

/**
 * Same history, same alerts (issue 10): for generated histories of a few patients (an index episode, scans at two
 * sites, treatments, a later pregnancy, amendments and retractions), any arrival order and speed gives the same alert
 * and derived records as the reference run (every event piped in recorded order, then the clock let run):
 * <ul>
 *   <li>exactly the same records when no event arrives later than the settle interval after its recordedAt: the
 *       events of one submission (recorded within a second) shuffled across the six topics, delivered one by one
 *       with the wall clock moving, or all at once, or replayed into a fresh driver;</li>
 *   <li>the same latest record of every alert that stands, and the same latest derived record per key, for any
 *       order at all (events arriving long after they were recorded are re-decided).</li>
 * </ul>
 */
class SameHistorySameAlertsPropertyTest {

    private static final String SCOPE = "same-history";
    private static final TopologySettings SETTINGS = TopologySettings.defaults();
    private static final Duration IDLE = SETTINGS.idleAfter().plus(SETTINGS.alertCheckInterval()).plusMillis(1);

    private final List<TrackerDriver> drivers = new ArrayList<>();

    @AfterTry
    void closeDrivers() {
        List<TrackerDriver> open = new ArrayList<>(drivers);
        drivers.clear();
        open.forEach(TrackerDriver::close);
    }

    @AfterProperty
    void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private TrackerDriver driver() {
        TrackerDriver d = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                TestSerdes.validator(), SETTINGS);
        drivers.add(d);
        return d;
    }

    /** The reference: every event in recorded order, then idle. */
    private TopologyOutputs reference(List<SpecificRecord> events) {
        TrackerDriver d = driver();
        d.pipeAll(events.stream().sorted(RECORDED).toList());
        d.advanceWallClock(IDLE);
        return TopologyOutputs.of(d);
    }

    private static final Comparator<SpecificRecord> RECORDED = Comparator.comparing(ClinicalEvent::recordedAt)
            .thenComparing(ClinicalEvent::eventId).thenComparing(ClinicalEvent::revision);

    @Property(tries = 15)
    void onTimeArrivalsInAnyOrderGiveExactlyTheSameRecords(@ForAll("histories") List<SpecificRecord> events,
                                                           @ForAll long seed) {
        TopologyOutputs expected = reference(events);
        List<SpecificRecord> shuffled = shuffledWithinSubmissions(events, new Random(seed));

        TrackerDriver oneByOne = driver();
        for (SpecificRecord e : shuffled) {
            oneByOne.pipe(e);
            oneByOne.advanceWallClock(Duration.ofMillis(40));
        }
        oneByOne.advanceWallClock(IDLE);
        assertThat(TopologyOutputs.of(oneByOne)).isEqualTo(expected);

        TrackerDriver batched = driver();
        batched.pipeAll(shuffled);
        batched.advanceWallClock(IDLE);
        assertThat(TopologyOutputs.of(batched)).isEqualTo(expected);

        TrackerDriver replayed = driver();
        replayed.pipeAll(events.stream().sorted(RECORDED).toList());
        replayed.advanceWallClock(IDLE);
        assertThat(TopologyOutputs.of(replayed)).isEqualTo(expected);
    }

    /**
     * The same on-time arrivals split over a restart (a second driver starting from the first one's stores, as an
     * instance restarted on restored state): pending decisions survive in the stores, and the two runs together
     * write exactly the reference's records.
     */
    @Property(tries = 10)
    void onTimeArrivalsSplitOverARestartGiveExactlyTheSameRecords(@ForAll("histories") List<SpecificRecord> events,
                                                                  @ForAll long seed, @ForAll("fractions") double cut) {
        TopologyOutputs expected = reference(events);
        List<SpecificRecord> shuffled = shuffledWithinSubmissions(events, new Random(seed));
        int split = (int) Math.round(cut * shuffled.size());
        TrackerDriver before = driver();
        for (SpecificRecord e : shuffled.subList(0, split)) {
            before.pipe(e);
            before.advanceWallClock(Duration.ofMillis(40));
        }
        TopologyOutputs.Drained first = TopologyOutputs.drain(before);
        TrackerDriver after = driver();
        after.restoreStoresOf(before);
        for (SpecificRecord e : shuffled.subList(split, shuffled.size())) {
            after.pipe(e);
            after.advanceWallClock(Duration.ofMillis(40));
        }
        after.advanceWallClock(IDLE);
        assertThat(TopologyOutputs.of(first, TopologyOutputs.drain(after))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, 1.0);
    }

    @Property(tries = 15)
    void anyArrivalOrderEndsWithTheSameStandingAlertsAndDerivedRecords(
            @ForAll("histories") List<SpecificRecord> events, @ForAll long seed, @ForAll boolean idleBetween) {
        TopologyOutputs expected = reference(events);
        List<SpecificRecord> shuffled = new ArrayList<>(events);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        TrackerDriver d = driver();
        for (SpecificRecord e : shuffled) {
            d.pipe(e);
            if (idleBetween) {
                d.advanceWallClock(IDLE);
            }
        }
        d.advanceWallClock(IDLE);
        TopologyOutputs actual = TopologyOutputs.of(d);
        assertThat(actual.latestStanding()).isEqualTo(expected.latestStanding());
        assertThat(d.deadLetters()).isEmpty();
    }

    /**
     * The processor's memory of recently decided patients ({@link RecentPatients}) changes no record: the same
     * arrival (any order, late events included) gives exactly the same records with it off, on, or so small that
     * patients are dropped and read back from the stores between their decisions.
     */
    @Property(tries = 15)
    void decodedPatientsKeptInMemoryOrNotGiveExactlyTheSameRecords(@ForAll("histories") List<SpecificRecord> events,
                                                                   @ForAll long seed) {
        List<SpecificRecord> shuffled = new ArrayList<>(events);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        List<TopologyOutputs> outcomes = new ArrayList<>();
        for (int versions : new int[] {0, 3, TopologySettings.DEFAULT_RECENT_PATIENT_VERSIONS}) {
            TrackerDriver d = new TrackerDriver(RulesConfig.defaults(), TestSerdes.forScope(SCOPE),
                    TestSerdes.validator(), SETTINGS.recentPatientVersions(versions));
            drivers.add(d);
            for (SpecificRecord e : shuffled) {
                d.pipe(e);
            }
            d.advanceWallClock(IDLE);
            outcomes.add(TopologyOutputs.of(d));
            assertThat(d.deadLetters()).isEmpty();
        }
        assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
        assertThat(outcomes.get(2)).isEqualTo(outcomes.get(0));
    }

    /** Events sorted by submission (recorded within one second), each submission shuffled across its topics. */
    private static List<SpecificRecord> shuffledWithinSubmissions(List<SpecificRecord> events, Random random) {
        List<SpecificRecord> sorted = events.stream().sorted(RECORDED).toList();
        List<SpecificRecord> out = new ArrayList<>();
        List<SpecificRecord> submission = new ArrayList<>();
        Instant start = null;
        for (SpecificRecord e : sorted) {
            Instant at = ClinicalEvent.recordedAt(e);
            if (start != null && at.isAfter(start.plusSeconds(1))) {
                java.util.Collections.shuffle(submission, random);
                out.addAll(submission);
                submission.clear();
                start = null;
            }
            if (start == null) {
                start = at;
            }
            submission.add(e);
        }
        java.util.Collections.shuffle(submission, random);
        out.addAll(submission);
        return out;
    }

    // ---- generated histories -------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<SpecificRecord>> histories() {
        return patient().list().ofMinSize(1).ofMaxSize(3).map(patients -> {
            List<SpecificRecord> all = new ArrayList<>();
            for (int i = 0; i < patients.size(); i++) {
                all.addAll(patients.get(i).events("GEN-" + i));
            }
            return all;
        });
    }

    private Arbitrary<PatientPlan> patient() {
        Arbitrary<List<ScanPlan>> scans = Combinators.combine(Arbitraries.integers().between(60, 400),
                Arbitraries.doubles().between(0.60, 0.90).ofScale(3), Arbitraries.doubles().between(-3.0, -0.5)
                        .ofScale(1), Arbitraries.of(true, false)).as(ScanPlan::new).list().ofMinSize(2).ofMaxSize(5);
        Arbitrary<List<Integer>> treatments = Arbitraries.integers().between(0, 900).list().ofMaxSize(2);
        Arbitrary<List<Integer>> submissions = Arbitraries.integers().between(0, 2).list().ofSize(12);
        return Combinators.combine(scans, treatments, Arbitraries.of(true, false), Arbitraries.integers()
                .between(0, 3), submissions).as(PatientPlan::new);
    }

    private record ScanPlan(int daysAfterPrevious, double bmd, double z, boolean withHip) {
    }

    /**
     * One patient: delivery, fracture (the episode), scans, treatments, maybe a later pregnancy; {@code edits} 1 amends
     * the second scan, 2 retracts it, 3 does both. Events are grouped into submissions recorded within a second.
     */
    private record PatientPlan(List<ScanPlan> scans, List<Integer> treatmentDays, boolean pregnantAgain, int edits,
                               List<Integer> submissionGaps) {

        List<SpecificRecord> events(String patient) {
            LocalDate delivery = LocalDate.of(2023, 1, 10);
            List<SpecificRecord> events = new ArrayList<>();
            events.add(TestEvents.delivery(patient, patient + "-d1", delivery.toString()));
            events.add(TestEvents.fracture(patient, patient + "-f1", delivery.plusDays(50).toString(), Vertebra.T12,
                    Vertebra.L1));
            LocalDate day = delivery.plusDays(52);
            for (int i = 0; i < scans.size(); i++) {
                ScanPlan s = scans.get(i);
                if (i > 0) {
                    day = day.plusDays(s.daysAfterPrevious());
                }
                List<SiteMeasurement> m = new ArrayList<>();
                m.add(new SiteMeasurement(DxaSite.LUMBAR_SPINE, "L1-L4", s.bmd(), null, s.z()));
                if (s.withHip()) {
                    m.add(new SiteMeasurement(DxaSite.TOTAL_HIP, null, s.bmd() + 0.05, null, s.z() + 0.3));
                }
                events.add(TestEvents.scan(patient, patient + "-s" + i, day.toString(), TestEvents.HOLOGIC_A,
                        m.toArray(SiteMeasurement[]::new)));
            }
            for (int i = 0; i < treatmentDays.size(); i++) {
                events.add(TestEvents.started(patient, patient + "-t" + i, delivery.plusDays(60 + treatmentDays.get(i))
                        .toString(), i == 0 ? TreatmentAgent.CALCIUM_VITAMIN_D : TreatmentAgent.TERIPARATIDE));
            }
            if (pregnantAgain) {
                events.add(TestEvents.pregnancy(patient, patient + "-p2", delivery.plusDays(700).toString()));
            }
            // submissions: consecutive events recorded together on the day of the last of them, 300 ms apart
            List<SpecificRecord> stamped = new ArrayList<>();
            events.sort(ClinicalEvent.CLINICAL_ORDER);
            List<SpecificRecord> submission = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                submission.add(events.get(i));
                boolean closes = i == events.size() - 1 || submissionGaps.get(i % submissionGaps.size()) > 0;
                if (closes) {
                    Instant noon = ClinicalEvent.clinicalDate(events.get(i)).atTime(12, 0).toInstant(ZoneOffset.UTC);
                    for (int k = 0; k < submission.size(); k++) {
                        stamped.add(TestEvents.revised(submission.get(k), 0, noon.plusMillis(300L * k),
                                EntryStatus.ENTERED));
                    }
                    submission.clear();
                }
            }
            SpecificRecord second = stamped.stream().filter(e -> ClinicalEvent.eventId(e).equals(patient + "-s1"))
                    .findFirst().orElseThrow();
            Instant last = stamped.stream().map(ClinicalEvent::recordedAt).max(Comparator.naturalOrder()).orElseThrow();
            if (edits == 1 || edits == 3) {
                SpecificRecord amended = TestEvents.revised(second, 1, last.plusSeconds(3600), EntryStatus.ENTERED);
                ((GenericRecord) amended).put("measurements", List.of(new SiteMeasurement(DxaSite.LUMBAR_SPINE,
                        "L1-L4", 0.55, null, -3.2)));
                stamped.add(amended);
            }
            if (edits >= 2) {
                stamped.add(TestEvents.revised(second, 2, last.plusSeconds(7200), EntryStatus.ENTERED_IN_ERROR));
            }
            return stamped;
        }
    }
}
