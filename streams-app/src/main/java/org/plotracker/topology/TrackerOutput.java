package org.plotracker.topology;

/**
 * One record the patient processor emits, routed by {@link Kind} to its topic (or to the cohort aggregation). The value
 * is null for a tombstone. Never serialized: it only travels from the processor to the branch that writes it.
 */
public record TrackerOutput(Kind kind, String key, Object value) {

    public enum Kind { BMD_CHANGE_ALERT, RECURRENCE_RISK_ALERT, PATIENT_TIMELINE, BMD_CHANGE, COHORT_CONTRIBUTION }
}
