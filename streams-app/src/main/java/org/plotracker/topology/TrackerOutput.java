package org.plotracker.topology;

/**
 * One record the patient processor emits, routed by {@link Kind} to its topic, to the cohort aggregation, or to the
 * processors downstream of it in the same task (follow-up, worklist). The value is null for a tombstone. Never
 * serialized: it only travels from the processor to the branch that handles it.
 */
public record TrackerOutput(Kind kind, String key, Object value) {

    public enum Kind {
        BMD_CHANGE_ALERT, RECURRENCE_RISK_ALERT, PATIENT_TIMELINE, BMD_CHANGE, COHORT_CONTRIBUTION,
        /** Internal: an event the patient's record admitted (value {@link AdmittedEvent}); never written to a topic. */
        ADMITTED_EVENT,
        /** Internal: the patient was erased (value null); downstream processors drop her state. Never written. */
        PATIENT_ERASED
    }
}
