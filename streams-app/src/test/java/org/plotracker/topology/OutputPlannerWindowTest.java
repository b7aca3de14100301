package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.alerts.AlertIds;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.demo.SyntheticCohort;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.patient.PatientKnowledge;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.RulesConfig;

/**
 * The windowed decision (only what the new versions can have changed is re-judged) is the full decision: for
 * synthetic histories with scans documented late (dated between earlier scans, recorded later), amendments and
 * retractions, every on-time decision of every patient gives the same outputs and store writes either way.
 */
class OutputPlannerWindowTest {

    private final OutputPlanner planner = new OutputPlanner(new ClinicalRules(RulesConfig.defaults()));

    @Property(tries = 25)
    void aWindowedDecisionIsTheFullDecision(@ForAll long seed, @ForAll @IntRange(min = 12, max = 80) int events) {
        Random random = new Random(seed);
        SyntheticCohort cohort = SyntheticCohort.of(3, seed).eventsPerPatient(events);
        Map<String, List<SpecificRecord>> byPatient = cohort.events().stream()
                .collect(Collectors.groupingBy(ClinicalEvent::patientId, TreeMap::new, Collectors.toList()));
        int windowed = 0;
        int decisions = 0;
        for (List<SpecificRecord> history : byPatient.values()) {
            List<SpecificRecord> versions = withEdits(history, random);
            TreeSet<Long> instants = new TreeSet<>();
            versions.forEach(v -> instants.add(ClinicalEvent.recordedAt(v).toEpochMilli()));
            SortedMap<String, PatientOutput> emitted = new TreeMap<>();
            Long decidedThrough = null;
            for (long instant : instants) {
                PatientKnowledge knowledge = knowledgeAt(versions, instant);
                List<Long> sweep = List.of(instant);
                OutputPlanner.Decision full = planner.decide(knowledge, sweep, emitted, AlertIds.FIRST_EPOCH);
                OutputPlanner.Decision window = planner.decide(knowledge, sweep, emitted, AlertIds.FIRST_EPOCH,
                        List.of(instant), decidedThrough);
                assertThat(window.outputs()).as("outputs as of %s", Instant.ofEpochMilli(instant))
                        .isEqualTo(full.outputs());
                assertThat(window.writes()).as("writes as of %s", Instant.ofEpochMilli(instant))
                        .isEqualTo(full.writes());
                if (planner.windowStart(knowledge, knowledge.asOf(instant).history(), sweep, List.of(instant),
                        decidedThrough) != null) {
                    windowed++;
                }
                decisions++;
                full.writes().forEach((k, v) -> {
                    if (v == null) {
                        emitted.remove(k);
                    } else {
                        emitted.put(k, v);
                    }
                });
                decidedThrough = instant;
            }
        }
        // the comparison is only worth something if many decisions did take the windowed path
        assertThat(windowed).as("windowed decisions of %s", decisions).isGreaterThan(decisions / 3);
    }

    private static PatientKnowledge knowledgeAt(List<SpecificRecord> versions, long instant) {
        Map<String, List<SpecificRecord>> byEvent = new TreeMap<>();
        versions.stream().filter(v -> ClinicalEvent.recordedAt(v).toEpochMilli() <= instant)
                .sorted(Comparator.comparingInt(ClinicalEvent::revision))
                .forEach(v -> byEvent.computeIfAbsent(ClinicalEvent.eventId(v), k -> new ArrayList<>()).add(v));
        return new PatientKnowledge(ClinicalEvent.patientId(versions.get(0)), byEvent.values());
    }

    /**
     * Her events plus, for about one scan in four: a scan documented late (a copy dated a few days after it, recorded
     * weeks after the last event), an amendment of its measurements, or a retraction, each recorded later; for
     * one patient in three her first fracture retracted, for another her fractures documented late.
     */
    private static List<SpecificRecord> withEdits(List<SpecificRecord> history, Random random) {
        List<SpecificRecord> versions = new ArrayList<>(history);
        Instant last = history.stream().map(ClinicalEvent::recordedAt).max(Comparator.naturalOrder()).orElseThrow();
        int n = 0;
        for (SpecificRecord event : history) {
            if (!(event instanceof DxaScanRecorded scan) || random.nextInt(4) != 0) {
                continue;
            }
            Instant at = last.plus(Duration.ofDays(7L * ++n));
            switch (random.nextInt(3)) {
                case 0 -> {
                    DxaScanRecorded late = DxaScanRecorded.newBuilder(scan).setEventId(scan.getEventId() + "-late")
                            .setClinicalDate(scan.getClinicalDate().plusDays(3)).setRecordedAt(at).build();
                    versions.add(late);
                }
                case 1 -> {
                    SpecificRecord amended = TestEvents.revised(scan, 1, at, EntryStatus.ENTERED);
                    List<SiteMeasurement> lower = scan.getMeasurements().stream().map(m -> SiteMeasurement
                            .newBuilder(m).setBmdGramsPerCm2(m.getBmdGramsPerCm2() * 0.9).build()).toList();
                    ((GenericRecord) amended).put("measurements", lower);
                    versions.add(amended);
                }
                default -> versions.add(TestEvents.revised(scan, 1, at, EntryStatus.ENTERED_IN_ERROR));
            }
        }
        switch (random.nextInt(3)) {
            // her index fracture entered in error: the episode moves (or goes), and with it every pair's judgement
            case 0 -> history.stream().filter(e -> e instanceof FractureDiagnosed).findFirst().ifPresent(fracture ->
                    versions.add(TestEvents.revised(fracture, 1, last.plus(Duration.ofDays(3)), EntryStatus.ENTERED_IN_ERROR)));
            // her fractures documented only now, dated after her early scans: a low-BMD episode (if any) becomes
            // a fracture episode with another date, which changes pairs dated before the fracture
            case 1 -> history.stream().filter(e -> e instanceof FractureDiagnosed).findFirst().ifPresent(fracture -> {
                versions.removeIf(e -> e instanceof FractureDiagnosed);
                LocalDate delivery = history.stream().filter(e -> e instanceof DeliveryRecorded)
                        .map(ClinicalEvent::clinicalDate).findFirst().orElseThrow();
                versions.add(FractureDiagnosed.newBuilder((FractureDiagnosed) fracture).setSymptomOnsetDate(null)
                        .setClinicalDate(delivery.plusMonths(8)).setRecordedAt(last.plus(Duration.ofDays(4))).build());
            });
            default -> { }
        }
        return versions;
    }

    @Property(tries = 1)
    void theWindowOfAnEventDatedAfterAllOthersStartsAtTheLastScanBeforeIt() {
        SyntheticCohort cohort = SyntheticCohort.of(1, 7).eventsPerPatient(40);
        List<SpecificRecord> history = cohort.events();
        SpecificRecord lastEvent = history.get(history.size() - 1);
        long lastInstant = ClinicalEvent.recordedAt(lastEvent).toEpochMilli();
        long previous = ClinicalEvent.recordedAt(history.get(history.size() - 2)).toEpochMilli();
        PatientKnowledge knowledge = knowledgeAt(history, lastInstant);
        LocalDate start = planner.windowStart(knowledge, knowledge.asOf(lastInstant).history(),
                List.of(lastInstant), List.of(lastInstant), previous);
        LocalDate lastScanBefore = history.stream().filter(e -> e instanceof DxaScanRecorded)
                .map(ClinicalEvent::clinicalDate).filter(d -> d.isBefore(ClinicalEvent.clinicalDate(lastEvent)))
                .max(Comparator.naturalOrder()).orElseThrow();
        assertThat(start).isNotNull().isBeforeOrEqualTo(lastScanBefore);
        assertThat(history.stream().filter(e -> e instanceof DxaScanRecorded)
                .filter(e -> !ClinicalEvent.clinicalDate(e).isBefore(start)).count())
                .as("scans re-judged of %s", history.stream().filter(e -> e instanceof DxaScanRecorded).count())
                .isLessThan(10);
    }
}
