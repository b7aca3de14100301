package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.app.report.TrackerOutputs;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.derived.SummaryStatistic;

/**
 * The records of the tracker's five output topics (alerts and derived), from the real broker or from the
 * TopologyTestDriver, and the exactly-once comparison between the two.
 */
final class TopicContents {

    private final Map<TopicSpec<?>, List<? extends TopicRecord<?>>> records;

    TopicContents(Map<TopicSpec<?>, List<? extends TopicRecord<?>>> records) {
        this.records = Map.copyOf(records);
    }

    /** Everything committed on the output topics of a real cluster ({@code read_committed}). */
    static TopicContents readCommitted(TrackerOutputTopics topics) throws TimeoutException {
        Map<TopicSpec<?>, List<? extends TopicRecord<?>>> records = new HashMap<>();
        for (TopicSpec<?> topic : Topics.OUTPUTS) {
            records.put(topic, readAny(topics, topic));
        }
        return new TopicContents(records);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<? extends TopicRecord<?>> readAny(TrackerOutputTopics topics, TopicSpec<?> topic)
            throws TimeoutException {
        return (List) topics.read((TopicSpec) topic);
    }

    @SuppressWarnings("unchecked")
    <V> List<TopicRecord<V>> of(TopicSpec<V> topic) {
        return (List<TopicRecord<V>>) (List<?>) records.getOrDefault(topic, List.of());
    }

    /** Only the records keyed by the patients {@code patient} accepts (cohort summaries are kept whole). */
    TopicContents forPatients(Predicate<String> patient) {
        Map<TopicSpec<?>, List<? extends TopicRecord<?>>> filtered = new HashMap<>();
        records.forEach((topic, list) -> filtered.put(topic, topic == Topics.COHORT_SUMMARY ? list
                : list.stream().filter(r -> r.key() != null && patient.test(r.key())).toList()));
        return new TopicContents(filtered);
    }

    TrackerOutputs asOutputs() {
        return new TrackerOutputs(of(Topics.BMD_CHANGE), of(Topics.BMD_CHANGE_ALERTS),
                of(Topics.RECURRENCE_RISK_ALERTS), of(Topics.COHORT_SUMMARY));
    }

    int alertRecords() {
        return of(Topics.BMD_CHANGE_ALERTS).size() + of(Topics.RECURRENCE_RISK_ALERTS).size();
    }

    /**
     * Asserts that this (the real broker's committed output) holds exactly what {@code expected} (the same input
     * through the TopologyTestDriver) holds: every alert once and none missing, every BMD-change row and no record
     * twice, the same latest patient timeline per patient and the same cohort summaries.
     */
    void assertExactlyOnceEquivalentTo(TopicContents expected, boolean compareCohort) {
        // Final state first: every event must be reflected in its patient's timeline, whatever the arrival order.
        // lastEventId names the event processed last, which depends on arrival order (see normalized()).
        assertThat(timelinesWithoutArrivalOrder(latestByKey(Topics.PATIENT_TIMELINE))).as("latest timeline per patient")
                .isEqualTo(timelinesWithoutArrivalOrder(expected.latestByKey(Topics.PATIENT_TIMELINE)));
        if (compareCohort) {
            Map<String, Object> actualCohort = latestByKey(Topics.COHORT_SUMMARY);
            Map<String, Object> expectedCohort = expected.latestByKey(Topics.COHORT_SUMMARY);
            assertThat(actualCohort.keySet()).as("cohort summary keys").isEqualTo(expectedCohort.keySet());
            expectedCohort.forEach((key, value) -> assertSameSummary(key, (CohortSummary) actualCohort.get(key),
                    (CohortSummary) value));
        }

        // Nothing twice.
        assertNoDuplicates(Topics.BMD_CHANGE_ALERTS, a -> ((BmdChangeAlert) a).getAlertId());
        assertNoDuplicates(Topics.RECURRENCE_RISK_ALERTS, a -> ((RecurrenceRiskAlert) a).getAlertId());
        assertNoDuplicates(Topics.BMD_CHANGE, c -> ((BmdChange) c).getChangeId() + "/" + ((BmdChange) c).getStatus()
                + "/" + c);

        // Nothing lost: every compared scan pair and its alert (scans of a patient arrive in order: one topic).
        assertSameById("BMD-change alerts", normalized(values(Topics.BMD_CHANGE_ALERTS)),
                normalized(expected.values(Topics.BMD_CHANGE_ALERTS)), a -> ((BmdChangeAlert) a).getAlertId());
        // a row is re-emitted when a later event changes what it says (e.g. the treatment in between): how often
        // depends on arrival order, so distinct rows are compared (exact repeats are refused above)
        assertSameById("BMD-change rows", normalized(values(Topics.BMD_CHANGE)).stream().distinct().toList(),
                normalized(expected.values(Topics.BMD_CHANGE)).stream().distinct().toList(),
                c -> ((BmdChange) c).getChangeId() + "/" + ((BmdChange) c).getStatus());
        // A recurrence alert is triggered by the pregnancy, or by the next delivery when no pregnancy was seen
        // before it: which one comes first across the two topics is an arrival race. Every patient must be alerted.
        assertThat(patientsOf(values(Topics.RECURRENCE_RISK_ALERTS))).as("patients with a recurrence-risk alert")
                .isEqualTo(patientsOf(expected.values(Topics.RECURRENCE_RISK_ALERTS)));
    }

    private static java.util.Set<String> patientsOf(List<Object> alerts) {
        return alerts.stream().map(a -> ((RecurrenceRiskAlert) a).getPatientId())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * The records with the parts that depend on arrival order across input topics blanked out. Kafka Streams picks
     * the next record of a task among its six input partitions by timestamp, but (with {@code max.task.idle.ms=0})
     * does not wait for a partition it believes empty: a treatment event and a scan published a moment apart on two
     * topics can be processed in either order, and an alert raised when the scan is processed describes the treatment
     * known then (likewise a scan processed before the fracture that starts the index episode). The test driver
     * processes strictly in publishing order. What was compared (scan pair, site, values, classification, trigger)
     * and every id must be identical; the treatment in between, the index episode as known at that moment, the event
     * that triggered the alert, and the severity, headline and factors that follow from them, may differ. The final patient state (timeline) and the
     * cohort summary are compared in full.
     */
    static List<Object> normalized(List<Object> records) {
        return records.stream().map(TopicContents::normalized).toList();
    }

    private static Object normalized(Object record) {
        if (record instanceof BmdChange change) {
            return BmdChange.newBuilder(change).setTreatmentExposure(List.of())
                    .setTreatmentGroup(org.plotracker.contracts.common.TreatmentGroup.UNKNOWN)
                    .setFirstFollowUpAfterEpisode(false).setMonthsSinceIndexEpisode(null).build();
        }
        if (record instanceof BmdChangeAlert alert) {
            return BmdChangeAlert.newBuilder(alert).setChange((BmdChange) normalized(alert.getChange()))
                    .setSeverity(org.plotracker.contracts.common.AlertSeverity.UNKNOWN).setHeadline("")
                    .setSeverityFactors(List.of())
                    // raised when the later scan is processed, or when a fracture processed after it establishes
                    // the index episode: the alert (same id) is the same, the triggering event is the later one
                    .setTriggeredByEventId("").setRaisedAt(java.time.Instant.EPOCH).build();
        }
        if (record instanceof RecurrenceRiskAlert alert) {
            return RecurrenceRiskAlert.newBuilder(alert).setTier(org.plotracker.contracts.alerts.RiskTier.UNKNOWN)
                    .setSeverity(org.plotracker.contracts.common.AlertSeverity.UNKNOWN).setHeadline("")
                    .setFactors(List.of()).setMedicationSafety(List.of()).setMonthsSinceIndexDelivery(0)
                    .setIndexEpisode(org.plotracker.contracts.common.IndexEpisode.newBuilder(alert.getIndexEpisode())
                            .setKind(org.plotracker.contracts.common.EpisodeKind.UNKNOWN)
                            .setEpisodeDate(java.time.LocalDate.EPOCH).setQualifyingEventIds(List.of())
                            .setFracturedVertebrae(List.of()).setOtherFractureSites(List.of()).build())
                    .build();
        }
        return record;
    }

    /** Same records, compared by id first so that a failure names what is missing, extra or different. */
    private static void assertSameById(String what, List<Object> actual, List<Object> expected,
                                       java.util.function.Function<Object, String> id) {
        Map<String, List<Object>> actualById = actual.stream().collect(Collectors.groupingBy(id, java.util.TreeMap::new,
                Collectors.toList()));
        Map<String, List<Object>> expectedById = expected.stream().collect(Collectors.groupingBy(id,
                java.util.TreeMap::new, Collectors.toList()));
        java.util.Set<String> missing = new java.util.TreeSet<>(expectedById.keySet());
        missing.removeAll(actualById.keySet());
        java.util.Set<String> extra = new java.util.TreeSet<>(actualById.keySet());
        extra.removeAll(expectedById.keySet());
        assertThat(missing).as(what + ": missing (in the test driver's output only)").isEmpty();
        assertThat(extra).as(what + ": unexpected (not in the test driver's output)").isEmpty();
        expectedById.forEach((key, values) -> assertThat(actualById.get(key)).as(what + " " + key)
                .containsExactlyInAnyOrderElementsOf(values));
    }

    private static Map<String, Object> timelinesWithoutArrivalOrder(Map<String, Object> timelines) {
        Map<String, Object> result = new HashMap<>();
        timelines.forEach((key, value) -> result.put(key, PatientTimeline.newBuilder((PatientTimeline) value)
                .setLastEventId("(arrival order)").build()));
        return result;
    }

    private static void assertSameSummary(String key, CohortSummary actual, CohortSummary expected) {
        assertThat(actual.getPatients()).as("patients in " + key).isEqualTo(expected.getPatients());
        assertSameStatistic(key + " dZ", actual.getDeltaZ(), expected.getDeltaZ());
        assertSameStatistic(key + " dT", actual.getDeltaT(), expected.getDeltaT());
        assertSameStatistic(key + " BMD%", actual.getBmdChangePercent(), expected.getBmdChangePercent());
    }

    private static void assertSameStatistic(String what, SummaryStatistic actual, SummaryStatistic expected) {
        assertThat(actual.getN()).as("n of " + what).isEqualTo(expected.getN());
        if (expected.getMean() == null) {
            assertThat(actual.getMean()).as("mean of " + what).isNull();
        } else {
            // sums may be added in another order: equal up to floating-point rounding
            assertThat(actual.getMean()).as("mean of " + what).isCloseTo(expected.getMean(), within(1e-9));
        }
    }

    private void assertNoDuplicates(TopicSpec<?> topic, java.util.function.Function<Object, String> identity) {
        Map<String, Long> counts = records.getOrDefault(topic, List.of()).stream()
                .filter(r -> r.value() != null)
                .collect(Collectors.groupingBy(r -> identity.apply(r.value()), LinkedHashMap::new,
                        Collectors.counting()));
        Map<String, Long> duplicated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(duplicated).as("records on " + topic + " more than once").isEmpty();
    }

    List<Object> values(TopicSpec<?> topic) {
        List<Object> values = new ArrayList<>();
        for (TopicRecord<?> record : records.getOrDefault(topic, List.of())) {
            if (record.value() != null) {
                values.add(record.value());
            }
        }
        return values;
    }

    /** Latest value per key in offset order; a tombstone removes the key. */
    Map<String, Object> latestByKey(TopicSpec<?> topic) {
        Map<String, Object> latest = new HashMap<>();
        for (TopicRecord<?> record : records.getOrDefault(topic, List.of())) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), (SpecificRecord) record.value());
            }
        }
        return latest;
    }
}
