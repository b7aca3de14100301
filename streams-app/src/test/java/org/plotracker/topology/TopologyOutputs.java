package org.plotracker.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.derived.RowStatus;

/**
 * Everything a tracker run wrote to the alert and derived topics, for comparing runs: per topic and key the records in
 * the order written, full content (Avro's JSON rendering). Records of different patients may interleave differently
 * from run to run; a patient's own sequence may not. Equality is exact; {@link #latestStanding()} is the weaker view
 * a subscriber reading by key keeps.
 */
final class TopologyOutputs {

    private final Map<String, List<String>> sequences;
    private final List<BmdChangeAlert> bmdAlerts;
    private final List<RecurrenceRiskAlert> recurrenceAlerts;
    private final Map<String, String> latestStanding = new TreeMap<>();

    private TopologyOutputs(Map<String, List<String>> sequences, List<BmdChangeAlert> bmdAlerts,
                            List<RecurrenceRiskAlert> recurrenceAlerts, List<BmdChange> rows,
                            List<KeyValue<String, PatientTimeline>> timelines,
                            List<KeyValue<String, CohortSummary>> cohort) {
        this.sequences = sequences;
        this.bmdAlerts = bmdAlerts;
        this.recurrenceAlerts = recurrenceAlerts;
        Map<String, SpecificRecord> latestAlert = new LinkedHashMap<>();
        bmdAlerts.forEach(a -> latestAlert.put(a.getOriginalAlertId(), a));
        recurrenceAlerts.forEach(a -> latestAlert.put(a.getOriginalAlertId(), a));
        latestAlert.forEach((id, a) -> {
            if (AlertRecords.revision(a) >= 0 && !withdrawn(a)) {
                latestStanding.put("alert " + id, content(a));
            }
        });
        Map<String, BmdChange> latestRow = new LinkedHashMap<>();
        rows.forEach(r -> latestRow.put(r.getChangeId(), r));
        latestRow.forEach((id, r) -> {
            if (r.getStatus() != RowStatus.SUPERSEDED) {
                latestStanding.put("row " + id, r.toString());
            }
        });
        timelines.forEach(t -> latestStanding.put("timeline " + t.key, String.valueOf(t.value)));
        cohort.forEach(c -> latestStanding.put("cohort " + c.key, String.valueOf(c.value)));
        latestStanding.values().removeIf("null"::equals);
    }

    /** What one driver wrote to the alert and derived topics, drained from them. */
    record Drained(List<BmdChangeAlert> bmd, List<RecurrenceRiskAlert> recurrence, List<BmdChange> rows,
                   List<KeyValue<String, PatientTimeline>> timelines,
                   List<KeyValue<String, CohortSummary>> cohort) {
    }

    static Drained drain(TrackerDriver d) {
        return new Drained(d.bmdAlerts(), d.recurrenceAlerts(), d.bmdChanges(), d.timelines(),
                d.cohortSummaryUpdates());
    }

    /** Drains every alert and derived topic of the driver. */
    static TopologyOutputs of(TrackerDriver d) {
        return of(drain(d));
    }

    /** The outputs of one tracker run in parts, in order: e.g. before and after a restart on its state directory. */
    static TopologyOutputs of(Drained... parts) {
        List<BmdChangeAlert> bmd = new ArrayList<>();
        List<RecurrenceRiskAlert> recurrence = new ArrayList<>();
        List<BmdChange> rows = new ArrayList<>();
        List<KeyValue<String, PatientTimeline>> timelines = new ArrayList<>();
        List<KeyValue<String, CohortSummary>> cohort = new ArrayList<>();
        for (Drained part : parts) {
            bmd.addAll(part.bmd());
            recurrence.addAll(part.recurrence());
            rows.addAll(part.rows());
            timelines.addAll(part.timelines());
            cohort.addAll(part.cohort());
        }
        Map<String, List<String>> sequences = new TreeMap<>();
        bmd.forEach(a -> add(sequences, "bmd-alert " + a.getPatientId(), a));
        recurrence.forEach(a -> add(sequences, "recurrence-alert " + a.getPatientId(), a));
        rows.forEach(r -> add(sequences, "bmd-change " + r.getPatientId(), r));
        timelines.forEach(t -> add(sequences, "timeline " + t.key, t.value));
        Map<String, String> cohortLatest = new TreeMap<>();
        cohort.forEach(c -> cohortLatest.put(c.key, String.valueOf(c.value)));
        cohortLatest.forEach((k, v) -> add(sequences, "cohort-summary " + k, v));
        return new TopologyOutputs(sequences, bmd, recurrence, rows, timelines, cohort);
    }

    private static void add(Map<String, List<String>> sequences, String key, Object value) {
        sequences.computeIfAbsent(key, k -> new ArrayList<>()).add(String.valueOf(value));
    }

    private static boolean withdrawn(SpecificRecord alert) {
        return (alert instanceof BmdChangeAlert b ? b.getStatus() : ((RecurrenceRiskAlert) alert).getStatus())
                == AlertStatus.WITHDRAWN;
    }

    /** An alert's content without its lifecycle fields and the event that first raised it. */
    static String content(SpecificRecord alert) {
        SpecificRecord neutral = AlertRecords.stamped(alert, AlertStatus.RAISED, "", null, null, 0, null, null);
        if (neutral instanceof BmdChangeAlert b) {
            return BmdChangeAlert.newBuilder(b).setTriggeredByEventId("").setRaisedAt(Instant.EPOCH).build()
                    .toString();
        }
        return RecurrenceRiskAlert.newBuilder((RecurrenceRiskAlert) neutral).setRaisedAt(Instant.EPOCH).build()
                .toString();
    }

    List<BmdChangeAlert> bmdAlerts() {
        return bmdAlerts;
    }

    List<RecurrenceRiskAlert> recurrenceAlerts() {
        return recurrenceAlerts;
    }

    /**
     * What a subscriber reading by key ends with: the latest record of every alert that stands (not withdrawn), by
     * original alert id, without lifecycle fields; the latest bmd-change row per changeId that is not superseded; the
     * latest timeline per patient and cohort summary per key.
     */
    Map<String, String> latestStanding() {
        return latestStanding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopologyOutputs other && other.sequences.equals(sequences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequences);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        sequences.forEach((k, v) -> b.append(k).append(" (").append(v.size()).append(")\n")
                .append(String.join("\n", v)).append('\n'));
        return b.toString();
    }
}
