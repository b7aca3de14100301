package org.plotracker.contracts;

import java.util.List;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentRecorded;

/**
 * The typed topic catalogue: every topic plo-tracker reads or writes, in one place. Input topics and the erasure
 * control topic must be co-partitioned (same partition count, key = patient id) so that one stream task sees all of a
 * patient's events.
 */
public final class Topics {

    private static final String PATIENT_KEY = "pseudonymous patient id";
    private static final String TRACKER = "streams-app";

    public static final TopicSpec<DeliveryRecorded> DELIVERY = new TopicSpec<>(
            "plo.events.delivery.v1", DeliveryRecorded.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);
    public static final TopicSpec<PregnancyConfirmed> PREGNANCY = new TopicSpec<>(
            "plo.events.pregnancy.v1", PregnancyConfirmed.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);
    public static final TopicSpec<FractureDiagnosed> FRACTURE = new TopicSpec<>(
            "plo.events.fracture.v1", FractureDiagnosed.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);
    public static final TopicSpec<DxaScanRecorded> DXA_SCAN = new TopicSpec<>(
            "plo.events.dxa-scan.v1", DxaScanRecorded.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);
    public static final TopicSpec<TreatmentRecorded> TREATMENT = new TopicSpec<>(
            "plo.events.treatment.v1", TreatmentRecorded.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);
    public static final TopicSpec<ErasureRequested> ERASURE = new TopicSpec<>(
            "plo.control.erasure.v1", ErasureRequested.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);

    public static final TopicSpec<BmdChangeAlert> BMD_CHANGE_ALERTS = new TopicSpec<>(
            "plo.alerts.bmd-change.v1", BmdChangeAlert.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, "care teams");
    public static final TopicSpec<RecurrenceRiskAlert> RECURRENCE_RISK_ALERTS = new TopicSpec<>(
            "plo.alerts.recurrence-risk.v1", RecurrenceRiskAlert.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY,
            "care teams");

    public static final TopicSpec<PatientTimeline> PATIENT_TIMELINE = new TopicSpec<>(
            "plo.derived.patient-timeline.v1", PatientTimeline.class, TopicSpec.Cleanup.COMPACT, PATIENT_KEY,
            "analysts, care-team views");
    public static final TopicSpec<BmdChange> BMD_CHANGE = new TopicSpec<>(
            "plo.derived.bmd-change.v1", BmdChange.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, "analysts");
    public static final TopicSpec<CohortSummary> COHORT_SUMMARY = new TopicSpec<>(
            "plo.derived.cohort-summary.v1", CohortSummary.class, TopicSpec.Cleanup.COMPACT,
            "<site>|<treatmentGroup>", "analysts");

    /**
     * Acknowledgements written by the care-team workspace; read by the tracker's worklist in the same task as the
     * patient's events, hence co-partitioned with the inputs (key = patient id).
     */
    public static final TopicSpec<AlertAcknowledged> ALERT_ACK = new TopicSpec<>(
            "plo.control.alert-ack.v1", AlertAcknowledged.class, TopicSpec.Cleanup.DELETE, PATIENT_KEY, TRACKER);

    /** Dead-letter topic: raw key and value bytes of the failed record, reason and origin in headers. */
    public static final String DEAD_LETTER = "plo.dlq.v1";
    /** Where the embedded registry keeps its schemas (compacted). */
    public static final String SCHEMAS = "_schemas";

    /** The clinical event topics, in the order the topology merges them. */
    public static final List<TopicSpec<?>> CLINICAL_EVENTS = List.of(DELIVERY, PREGNANCY, FRACTURE, DXA_SCAN, TREATMENT);
    /** Every topic the topology reads; all co-partitioned by patient id. */
    public static final List<TopicSpec<?>> INPUTS = List.of(DELIVERY, PREGNANCY, FRACTURE, DXA_SCAN, TREATMENT, ERASURE);
    /** Control topics the workspace writes and the topology reads beside the inputs (not the patient processor). */
    public static final List<TopicSpec<?>> WORKSPACE_CONTROL = List.of(ALERT_ACK);
    /** Every topic that must have the inputs' partition count: the inputs and the workspace's control topics. */
    public static final List<TopicSpec<?>> CO_PARTITIONED = List.of(DELIVERY, PREGNANCY, FRACTURE, DXA_SCAN, TREATMENT,
            ERASURE, ALERT_ACK);
    public static final List<TopicSpec<?>> ALERTS = List.of(BMD_CHANGE_ALERTS, RECURRENCE_RISK_ALERTS);
    public static final List<TopicSpec<?>> DERIVED = List.of(PATIENT_TIMELINE, BMD_CHANGE, COHORT_SUMMARY);
    public static final List<TopicSpec<?>> OUTPUTS = List.of(BMD_CHANGE_ALERTS, RECURRENCE_RISK_ALERTS,
            PATIENT_TIMELINE, BMD_CHANGE, COHORT_SUMMARY);

    private Topics() {
    }

    /** Every Avro-valued topic of the catalogue, inputs first, then the outputs, then the workspace's control topics. */
    public static List<TopicSpec<?>> all() {
        return java.util.stream.Stream.of(INPUTS, OUTPUTS, WORKSPACE_CONTROL).flatMap(List::stream).toList();
    }
}
