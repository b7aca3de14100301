package org.plotracker.followup;

/**
 * One record the follow-up processor emits, routed by {@link Kind}: a reminder, a status row (null value = tombstone)
 * or a KPI contribution (null value = retraction). Never serialized itself.
 */
record FollowUpOutput(Kind kind, String key, Object value, long timestampMs) {

    enum Kind { REMINDER, STATUS, KPI_CONTRIBUTION }
}
