package org.plotracker.app.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.RowStatus;

/**
 * Everything the tracker has written to its alert and derived topics, as read back (committed records only), with
 * the views a reader needs: the current BMD-change rows, each alert once, the latest cohort summary per key.
 */
public record TrackerOutputs(List<TopicRecord<BmdChange>> bmdChanges,
                             List<TopicRecord<BmdChangeAlert>> bmdChangeAlerts,
                             List<TopicRecord<RecurrenceRiskAlert>> recurrenceRiskAlerts,
                             List<TopicRecord<CohortSummary>> cohortSummaries) {

    public TrackerOutputs {
        bmdChanges = List.copyOf(bmdChanges);
        bmdChangeAlerts = List.copyOf(bmdChangeAlerts);
        recurrenceRiskAlerts = List.copyOf(recurrenceRiskAlerts);
        cohortSummaries = List.copyOf(cohortSummaries);
    }

    /** The latest version of every compared pair that is still current, by patient, later scan date and site. */
    public List<BmdChange> currentBmdChanges() {
        Map<String, BmdChange> latest = latestBy(bmdChanges, r -> r.value() == null ? null : r.value().getChangeId());
        return latest.values().stream()
                .filter(c -> c.getStatus() != RowStatus.SUPERSEDED)
                .sorted(Comparator.comparing(BmdChange::getPatientId)
                        .thenComparing(BmdChange::getLaterDate)
                        .thenComparing(c -> c.getSite().ordinal()))
                .toList();
    }

    /** Each BMD-change alert once (consumers de-duplicate on the alert id), in topic order per patient. */
    public List<BmdChangeAlert> distinctBmdChangeAlerts() {
        return List.copyOf(latestBy(bmdChangeAlerts, r -> r.value() == null ? null : r.value().getAlertId()).values());
    }

    public List<RecurrenceRiskAlert> distinctRecurrenceRiskAlerts() {
        return List.copyOf(latestBy(recurrenceRiskAlerts,
                r -> r.value() == null ? null : r.value().getAlertId()).values());
    }

    /** The latest summary per {@code <site>|<treatmentGroup>} key; a tombstone removes its key. */
    public List<CohortSummary> latestCohortSummaries() {
        Map<String, CohortSummary> latest = new LinkedHashMap<>();
        for (TopicRecord<CohortSummary> record : cohortSummaries) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        }
        return latest.values().stream()
                .sorted(Comparator.comparing((CohortSummary s) -> s.getSite().ordinal())
                        .thenComparing(s -> s.getTreatmentGroup().ordinal()))
                .toList();
    }

    /** Alert records on the topics, counting duplicates: equals the distinct count when nothing was duplicated. */
    public int alertRecordCount() {
        return bmdChangeAlerts.size() + recurrenceRiskAlerts.size();
    }

    public int distinctAlertCount() {
        return distinctBmdChangeAlerts().size() + distinctRecurrenceRiskAlerts().size();
    }

    private static <V> Map<String, V> latestBy(Collection<TopicRecord<V>> records,
                                               Function<TopicRecord<V>, String> id) {
        Map<String, V> latest = new LinkedHashMap<>();
        List<TopicRecord<V>> ordered = new ArrayList<>(records);
        for (TopicRecord<V> record : ordered) {
            String key = id.apply(record);
            if (key != null) {
                latest.put(key, record.value());
            }
        }
        return latest;
    }
}
