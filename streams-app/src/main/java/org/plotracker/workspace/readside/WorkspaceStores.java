package org.plotracker.workspace.readside;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.WorkspaceAlert;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.contracts.internal.WorkspacePatient;
import org.plotracker.topology.InternalSerde;
import org.plotracker.topology.TrackerOutput;
import org.plotracker.topology.ValueSerdes;

/**
 * The care-team workspace's read side: stores kept by two processors downstream of the patient processor, in the same
 * task, from what it already emits. They are the workspace's interactive-query surface; the HTTP layer only reads them.
 *
 * <p>Every key starts with {@code <patientId>|}, so one patient is one range scan, and dates and instants are fixed
 * width, so RocksDB's byte order is clinical order. Each record changes only the entries it concerns.
 *
 * <table>
 * <caption>Workspace stores</caption>
 * <tr><th>store</th><th>key</th><th>value</th></tr>
 * <tr><td>{@value #PATIENT_EVENTS}</td><td>{@code <patient>|<yyyy-MM-dd>|<eventId>}</td><td>the admitted event as
 *     shown (timeline row, scan measurements, treatment)</td></tr>
 * <tr><td>{@value #PATIENTS}</td><td>{@code <patient>}</td><td>index episode, current treatments</td></tr>
 * <tr><td>{@value #BMD_CHANGES}</td><td>{@code <patient>|<changeId>}</td><td>latest BMD-change row</td></tr>
 * <tr><td>{@value #ALERTS}</td><td>{@code <patient>|<alertId>}</td><td>latest record of the alert, with its
 *     acknowledgement</td></tr>
 * <tr><td>{@value #ACKNOWLEDGEMENTS}</td><td>{@code <patient>|<alertId>}</td><td>the acknowledgement event (kept even
 *     when it is read before its alert, as a replay may do)</td></tr>
 * <tr><td>{@value #COHORT_CONTRIBUTIONS}</td><td>{@code <patient>|<site>}</td><td>her first follow-up pair after
 *     the index episode at that site (the cohort view sums these at query time)</td></tr>
 * <tr><td>{@value #WORKLIST}</td><td>{@code <severityRank>|<raisedAt ms, 13 digits>|<patient>|<alertId>}</td>
 *     <td>open alerts, most severe first, then oldest first</td></tr>
 * </table>
 */
public final class WorkspaceStores {

    public static final String PATIENT_EVENTS = "workspace-patient-events";
    public static final String PATIENTS = "workspace-patients";
    public static final String BMD_CHANGES = "workspace-bmd-changes";
    public static final String ALERTS = "workspace-alerts";
    public static final String ACKNOWLEDGEMENTS = "workspace-acknowledgements";
    public static final String WORKLIST = "workspace-worklist";
    public static final String COHORT_CONTRIBUTIONS = "workspace-cohort-contributions";

    /** Separator of key parts; patient ids, event ids and alert ids never contain it (see the validator's id rule). */
    public static final char SEPARATOR = '|';
    /** Upper bound of a prefix range: sorts after every character a key part uses. */
    private static final String RANGE_END = "\uffff";

    private static final Set<TrackerOutput.Kind> PATIENT_VIEW_KINDS = Set.of(TrackerOutput.Kind.ADMITTED_EVENT,
            TrackerOutput.Kind.PATIENT_ERASED, TrackerOutput.Kind.BMD_CHANGE, TrackerOutput.Kind.PATIENT_TIMELINE,
            TrackerOutput.Kind.COHORT_CONTRIBUTION);
    private static final Set<TrackerOutput.Kind> WORKLIST_KINDS = Set.of(TrackerOutput.Kind.BMD_CHANGE_ALERT,
            TrackerOutput.Kind.RECURRENCE_RISK_ALERT, TrackerOutput.Kind.PATIENT_ERASED);

    private WorkspaceStores() {
    }

    /**
     * Adds the workspace's stores, the acknowledgement source and the two read-side processors downstream of
     * {@code outputs} (the patient processor's outputs). The acknowledgements are merged into the worklist's input,
     * which places that topic in the patient processor's sub-topology: it must be co-partitioned with the inputs.
     * A further alert kind (follow-up reminders) merges its stream into {@code worklistInput} the same way.
     */
    public static void attach(StreamsBuilder builder, KStream<String, TrackerOutput> outputs, ValueSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENT_EVENTS),
                Serdes.String(), InternalSerde.of(WorkspaceEntry.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PATIENTS),
                Serdes.String(), InternalSerde.of(WorkspacePatient.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BMD_CHANGES),
                Serdes.String(), InternalSerde.of(BmdChange.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS),
                Serdes.String(), InternalSerde.of(WorkspaceAlert.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACKNOWLEDGEMENTS),
                Serdes.String(), InternalSerde.of(AlertAcknowledged.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WORKLIST),
                Serdes.String(), InternalSerde.of(WorkspaceAlert.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COHORT_CONTRIBUTIONS),
                Serdes.String(), InternalSerde.of(CohortContribution.class)));

        outputs.filter((key, o) -> PATIENT_VIEW_KINDS.contains(o.kind()), Named.as("workspace-patient-view-filter"))
                .process(PatientViewProcessor::new, Named.as("workspace-patient-view"), PATIENT_EVENTS, PATIENTS,
                        BMD_CHANGES, COHORT_CONTRIBUTIONS);

        KStream<String, Object> alerts = outputs
                .filter((key, o) -> WORKLIST_KINDS.contains(o.kind()), Named.as("workspace-alert-filter"))
                .mapValues(o -> (Object) o, Named.as("workspace-alert-values"));
        KStream<String, Object> acknowledgements = builder.stream(Topics.ALERT_ACK.name(),
                        Consumed.with(Serdes.String(), serdes.forType(AlertAcknowledged.class))
                                .withName("source-control-alert-ack"))
                .mapValues(a -> (Object) a, Named.as("workspace-ack-values"));
        KStream<String, Object> worklistInput = alerts.merge(acknowledgements, Named.as("merge-worklist-inputs"));
        worklistInput.process(WorklistProcessor::new, Named.as("workspace-worklist"), ALERTS, ACKNOWLEDGEMENTS,
                WORKLIST);
    }

    /** Every workspace store name. */
    public static List<String> storeNames() {
        return List.of(PATIENT_EVENTS, PATIENTS, BMD_CHANGES, ALERTS, ACKNOWLEDGEMENTS, WORKLIST, COHORT_CONTRIBUTIONS);
    }

    /** First key of a patient's slice of any {@code <patient>|...} store. */
    public static String patientFrom(String patientId) {
        return patientId + SEPARATOR;
    }

    /** Last key of a patient's slice (inclusive bound of a range scan). */
    public static String patientTo(String patientId) {
        return patientId + SEPARATOR + RANGE_END;
    }

    public static String eventKey(String patientId, LocalDate clinicalDate, String eventId) {
        return patientId + SEPARATOR + clinicalDate + SEPARATOR + eventId;
    }

    public static String patientKey(String patientId, String id) {
        return patientId + SEPARATOR + id;
    }

    /** Worklist order: most severe first, then the longest waiting. */
    public static String worklistKey(WorkspaceAlert alert) {
        return severityRank(alert.getSeverity()) + SEPARATOR
                + String.format(Locale.ROOT, "%013d", alert.getRaisedAt().toEpochMilli()) + SEPARATOR
                + alert.getPatientId() + SEPARATOR + alert.getAlertId();
    }

    /** 1 for HIGH, 2 MODERATE, 3 INFO, 4 anything else: ascending byte order is descending severity. */
    public static int severityRank(String severity) {
        return switch (severity) {
            case "HIGH" -> 1;
            case "MODERATE" -> 2;
            case "INFO" -> 3;
            default -> 4;
        };
    }
}
