package org.plotracker.security;

/**
 * The four roles of plo-tracker: one model for Kafka ACLs, the schema registry and the HTTP workspace
 * (docs/security.md). A principal (Kafka user, registry user, HTTP token) is mapped to exactly one role.
 */
public enum Role {
    /** A clinic system: publishes its patients' events and erasure requests; reads nothing clinical. */
    CLINIC("publishes events and erasure requests; reads nothing clinical"),
    /** A care team: reads alerts and single patients' records, acknowledges alerts. */
    CARE_TEAM("reads alerts and patient views; acknowledges alerts"),
    /** An analyst: reads derived, cohort and KPI data; never input or alert topics, never one patient's record. */
    ANALYST("reads derived, cohort and KPI views; never inputs, alerts or a single patient's record"),
    /** The tracker itself: what Kafka Streams needs (inputs, outputs, internal topics, its consumer group). */
    TRACKER("the Kafka Streams application: inputs, outputs, its internal topics and group");

    private final String description;

    Role(String description) {
        this.description = description;
    }

    /** What the role may do, in one line (for tables and refusals). */
    public String description() {
        return description;
    }
}
