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
import org.plotracker.contracts.common.AlertStatus;
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
     * Asserts that this (the real broker's committed output) holds what {@code expected} (the same input through the
     * TopologyTestDriver, shipped settings) holds, full content: no record twice (every alert record has its own id),
     * the same latest record of every alert that stands (by original alert id, lifecycle fields aside: a broker run
     * that read an event after its decision instant corrected an alert the driver raised right), the same latest
     * bmd-change row per changeId that is not superseded, the same latest timeline per patient and the same cohort
     * summaries (up to floating-point rounding).
     */
    void assertExactlyOnceEquivalentTo(TopicContents expected, boolean compareCohort) {
        assertNoDuplicates(Topics.BMD_CHANGE_ALERTS, a -> ((BmdChangeAlert) a).getAlertId());
        assertNoDuplicates(Topics.RECURRENCE_RISK_ALERTS, a -> ((RecurrenceRiskAlert) a).getAlertId());

        // what the tracker knows of each patient first: a difference there explains the others
        Map<String, String> timelines = asText(latestByKey(Topics.PATIENT_TIMELINE));
        Map<String, String> expectedTimelines = asText(expected.latestByKey(Topics.PATIENT_TIMELINE));
        expectedTimelines.forEach((patient, timeline) -> assertThat(timelines.get(patient))
                .as("latest timeline of %s", patient).isEqualTo(timeline));
        assertThat(timelines.keySet()).as("patients with a timeline").isEqualTo(expectedTimelines.keySet());
        assertThat(latestStandingAlerts()).as("latest record of every standing alert")
                .isEqualTo(expected.latestStandingAlerts());
        assertThat(latestCurrentRows()).as("latest bmd-change row per changeId").isEqualTo(expected.latestCurrentRows());
        if (compareCohort) {
            Map<String, Object> actualCohort = latestByKey(Topics.COHORT_SUMMARY);
            Map<String, Object> expectedCohort = expected.latestByKey(Topics.COHORT_SUMMARY);
            assertThat(actualCohort.keySet()).as("cohort summary keys").isEqualTo(expectedCohort.keySet());
            expectedCohort.forEach((key, value) -> assertSameSummary(key, (CohortSummary) actualCohort.get(key),
                    (CohortSummary) value));
        }
    }

    /** The records written after those of {@code earlier} (per topic and partition, by offset). */
    TopicContents after(TopicContents earlier) {
        Map<TopicSpec<?>, List<? extends TopicRecord<?>>> later = new HashMap<>();
        records.forEach((topic, list) -> {
            Map<Integer, Long> last = new HashMap<>();
            earlier.records.getOrDefault(topic, List.of())
                    .forEach(r -> last.merge(r.partition(), r.offset(), Math::max));
            later.put(topic, list.stream().filter(r -> r.offset() > last.getOrDefault(r.partition(), -1L)).toList());
        });
        return new TopicContents(later);
    }

    /**
     * Every alert, bmd-change and timeline record in full, per topic and patient in the order written (one patient's
     * records are in one partition), and the latest cohort summary per key: what two runs of the same events must
     * write exactly alike when every event was on time.
     */
    Map<String, List<String>> perPatientSequences() {
        Map<String, List<String>> sequences = new java.util.TreeMap<>();
        for (TopicSpec<?> topic : List.of(Topics.BMD_CHANGE_ALERTS, Topics.RECURRENCE_RISK_ALERTS, Topics.BMD_CHANGE,
                Topics.PATIENT_TIMELINE)) {
            for (TopicRecord<?> r : records.getOrDefault(topic, List.of())) {
                sequences.computeIfAbsent(topic.name() + " " + r.key(), k -> new ArrayList<>())
                        .add(String.valueOf(r.value()));
            }
        }
        latestByKey(Topics.COHORT_SUMMARY).forEach((key, value) -> sequences.put(Topics.COHORT_SUMMARY.name() + " "
                + key, List.of(String.valueOf(value))));
        return sequences;
    }

    /** Latest record per original alert id, if not withdrawn, as text without lifecycle fields. */
    Map<String, String> latestStandingAlerts() {
        Map<String, Object> latest = new java.util.TreeMap<>();
        for (Object a : values(Topics.BMD_CHANGE_ALERTS)) {
            latest.put(((BmdChangeAlert) a).getOriginalAlertId(), a);
        }
        for (Object a : values(Topics.RECURRENCE_RISK_ALERTS)) {
            latest.put(((RecurrenceRiskAlert) a).getOriginalAlertId(), a);
        }
        Map<String, String> standing = new java.util.TreeMap<>();
        latest.forEach((id, a) -> {
            if (a instanceof BmdChangeAlert b && b.getStatus() != AlertStatus.WITHDRAWN) {
                standing.put(id, BmdChangeAlert.newBuilder(b).setAlertId("").setStatus(AlertStatus.RAISED)
                        .setReplacesAlertId(null).setRevision(0).setStatusReason(null).setDecidedAsOf(null)
                        .setTriggeredByEventId("").setRaisedAt(java.time.Instant.EPOCH).build().toString());
            } else if (a instanceof RecurrenceRiskAlert r && r.getStatus() != AlertStatus.WITHDRAWN) {
                standing.put(id, RecurrenceRiskAlert.newBuilder(r).setAlertId("").setStatus(AlertStatus.RAISED)
                        .setReplacesAlertId(null).setRevision(0).setStatusReason(null).setDecidedAsOf(null)
                        .setRaisedAt(java.time.Instant.EPOCH).build().toString());
            }
        });
        return standing;
    }

    /** Latest bmd-change row per changeId, unless superseded, as text. */
    Map<String, String> latestCurrentRows() {
        Map<String, BmdChange> latest = new java.util.TreeMap<>();
        values(Topics.BMD_CHANGE).forEach(r -> latest.put(((BmdChange) r).getChangeId(), (BmdChange) r));
        Map<String, String> current = new java.util.TreeMap<>();
        latest.forEach((id, r) -> {
            if (r.getStatus() != org.plotracker.contracts.derived.RowStatus.SUPERSEDED) {
                current.put(id, r.toString());
            }
        });
        return current;
    }

    /** The latest timeline per patient, as text. */
    Map<String, String> latestTimelines() {
        return asText(latestByKey(Topics.PATIENT_TIMELINE));
    }

    private static Map<String, String> asText(Map<String, Object> records) {
        Map<String, String> text = new java.util.TreeMap<>();
        records.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return text;
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
