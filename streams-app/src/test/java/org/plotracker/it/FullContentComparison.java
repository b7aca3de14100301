package org.plotracker.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.plotracker.app.report.TopicRecord;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.derived.BmdChange;

/**
 * Compares a cluster's committed output with the TopologyTestDriver's for the same events, record by record with
 * their full content (no field blanked): every alert once (by alert id), the final BMD-change row of every scan pair,
 * the final timeline of every patient and the final cohort summary of every site and group. It counts what was lost
 * and what was duplicated, and names, for a record present on both sides with other content, the fields that differ.
 */
final class FullContentComparison {

    /** The outcome: lost and duplicated records, and the differing fields of records present on both sides. */
    record Result(int compared, List<String> lost, List<String> duplicated, Map<String, List<String>> differing) {

        boolean nothingLostOrDuplicated() {
            return lost.isEmpty() && duplicated.isEmpty();
        }

        boolean identical() {
            return nothingLostOrDuplicated() && differing.isEmpty();
        }

        /** Field names that differ, with how many records differ in them. */
        Map<String, Integer> differingFields() {
            Map<String, Integer> fields = new TreeMap<>();
            differing.values().forEach(list -> list.forEach(f -> fields.merge(f, 1, Integer::sum)));
            return fields;
        }

        @Override
        public String toString() {
            return compared + " records compared; lost " + lost.size() + " " + head(lost) + "; duplicated "
                    + duplicated.size() + " " + head(duplicated) + "; differing " + differing.size() + " "
                    + differingFields() + (differing.isEmpty() ? "" : ", e.g. " + differing.entrySet().iterator().next());
        }

        private static String head(List<String> ids) {
            return ids.isEmpty() ? "" : ids.subList(0, Math.min(5, ids.size())).toString();
        }
    }

    private final List<String> lost = new ArrayList<>();
    private final List<String> duplicated = new ArrayList<>();
    private final Map<String, List<String>> differing = new LinkedHashMap<>();
    private int compared;

    private FullContentComparison() {
    }

    static Result compare(TopicContents actual, TopicContents expected) {
        FullContentComparison comparison = new FullContentComparison();
        comparison.everyOnce(Topics.BMD_CHANGE_ALERTS, actual, expected, a -> ((BmdChangeAlert) a).getAlertId());
        comparison.everyOnce(Topics.RECURRENCE_RISK_ALERTS, actual, expected,
                a -> ((RecurrenceRiskAlert) a).getAlertId());
        comparison.latest(Topics.BMD_CHANGE, actual, expected, c -> ((BmdChange) c).getChangeId());
        comparison.repeatsRefused(Topics.BMD_CHANGE, actual);
        comparison.latest(Topics.PATIENT_TIMELINE, actual, expected, null);
        comparison.latest(Topics.COHORT_SUMMARY, actual, expected, null);
        return new Result(comparison.compared, List.copyOf(comparison.lost), List.copyOf(comparison.duplicated),
                Map.copyOf(comparison.differing));
    }

    /** Alerts: each expected alert exactly once, nothing else. */
    private <V> void everyOnce(TopicSpec<V> topic, TopicContents actual, TopicContents expected,
                               Function<Object, String> id) {
        Map<String, List<Object>> actualById = byId(actual.of(topic), id);
        Map<String, List<Object>> expectedById = byId(expected.of(topic), id);
        expectedById.forEach((key, values) -> {
            compared++;
            List<Object> found = actualById.get(key);
            if (found == null) {
                lost.add(topic.name() + " " + key);
                return;
            }
            if (found.size() > 1) {
                duplicated.add(topic.name() + " " + key + " x" + found.size());
            }
            differ(topic.name() + " " + key, found.get(found.size() - 1), values.get(values.size() - 1));
        });
        actualById.keySet().stream().filter(k -> !expectedById.containsKey(k))
                .forEach(k -> differing.put(topic.name() + " " + k, List.of("(not expected at all)")));
    }

    /** Derived topics: the last record per key (or per id) has the expected content. */
    private <V> void latest(TopicSpec<V> topic, TopicContents actual, TopicContents expected,
                            Function<Object, String> id) {
        Function<TopicRecord<V>, String> key = id == null ? TopicRecord::key : r -> id.apply(r.value());
        Map<String, Object> actualLatest = new TreeMap<>();
        actual.of(topic).forEach(r -> actualLatest.put(key.apply(r), r.value()));
        Map<String, Object> expectedLatest = new TreeMap<>();
        expected.of(topic).forEach(r -> expectedLatest.put(key.apply(r), r.value()));
        expectedLatest.forEach((k, value) -> {
            compared++;
            if (!actualLatest.containsKey(k)) {
                lost.add(topic.name() + " " + k);
            } else {
                differ(topic.name() + " " + k, actualLatest.get(k), value);
            }
        });
        actualLatest.keySet().stream().filter(k -> !expectedLatest.containsKey(k))
                .forEach(k -> differing.put(topic.name() + " " + k, List.of("(not expected at all)")));
    }

    /** The same row twice in a row for one key is a repeat that exactly-once must not produce. */
    private <V> void repeatsRefused(TopicSpec<V> topic, TopicContents actual) {
        Map<String, Object> last = new TreeMap<>();
        for (TopicRecord<V> record : actual.of(topic)) {
            String id = ((BmdChange) record.value()).getChangeId();
            if (Objects.equals(last.put(id, record.value()), record.value())) {
                duplicated.add(topic.name() + " " + id + " (same row twice)");
            }
        }
    }

    private void differ(String what, Object actual, Object expected) {
        if (Objects.equals(actual, expected)) {
            return;
        }
        List<String> fields = new ArrayList<>();
        fieldsThatDiffer("", actual, expected, fields);
        differing.put(what, fields.isEmpty() ? List.of("(whole record)") : fields);
    }

    private static void fieldsThatDiffer(String prefix, Object actual, Object expected, List<String> into) {
        if (actual instanceof IndexedRecord a && expected instanceof IndexedRecord e
                && a.getSchema().equals(e.getSchema())) {
            for (Schema.Field field : a.getSchema().getFields()) {
                Object av = a.get(field.pos());
                Object ev = e.get(field.pos());
                if (!Objects.equals(av, ev)) {
                    if (av instanceof IndexedRecord && ev instanceof IndexedRecord) {
                        fieldsThatDiffer(prefix + field.name() + ".", av, ev, into);
                    } else {
                        into.add(prefix + field.name());
                    }
                }
            }
        } else if (!Objects.equals(actual, expected)) {
            into.add(prefix.isEmpty() ? "(whole record)" : prefix);
        }
    }

    private static Map<String, List<Object>> byId(List<? extends TopicRecord<?>> records, Function<Object, String> id) {
        Map<String, List<Object>> byId = new TreeMap<>();
        records.forEach(r -> byId.computeIfAbsent(id.apply(r.value()), k -> new ArrayList<>()).add(r.value()));
        return byId;
    }

}
