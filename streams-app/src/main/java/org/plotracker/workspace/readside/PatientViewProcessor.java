package org.plotracker.workspace.readside;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.plotracker.contracts.common.IndexEpisode;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.contracts.internal.WorkspacePatient;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.topology.AdmittedEvent;
import org.plotracker.topology.TrackerOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the patient page's stores: one entry per admitted event (replaced on amendment, removed on retraction), the
 * latest row per BMD change, each first follow-up pair the cohort counts, and a small summary from the timeline
 * output. An erasure removes the patient's slice.
 * Counts the events accepted (metric {@code events-accepted-total}).
 */
final class PatientViewProcessor implements Processor<String, TrackerOutput, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientViewProcessor.class);

    private KeyValueStore<String, WorkspaceEntry> events;
    private KeyValueStore<String, WorkspacePatient> patients;
    private KeyValueStore<String, BmdChange> changes;
    private KeyValueStore<String, CohortContribution> contributions;
    private Sensor accepted;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        events = context.getStateStore(WorkspaceStores.PATIENT_EVENTS);
        patients = context.getStateStore(WorkspaceStores.PATIENTS);
        changes = context.getStateStore(WorkspaceStores.BMD_CHANGES);
        contributions = context.getStateStore(WorkspaceStores.COHORT_CONTRIBUTIONS);
        accepted = TrackerCounters.eventsAccepted(context.metrics());
    }

    @Override
    public void process(Record<String, TrackerOutput> record) {
        TrackerOutput output = record.value();
        String patientId = record.key();
        switch (output.kind()) {
            case ADMITTED_EVENT -> admitted((AdmittedEvent) output.value());
            case BMD_CHANGE -> {
                BmdChange row = (BmdChange) output.value();
                changes.put(WorkspaceStores.patientKey(patientId, row.getChangeId()), row);
            }
            case PATIENT_TIMELINE -> {
                if (output.value() != null) {
                    patients.put(patientId, summary((PatientTimeline) output.value()));
                }
            }
            case COHORT_CONTRIBUTION -> {
                // keyed <patient>|<site> by the patient processor; null retracts it
                if (output.value() == null) {
                    contributions.delete(record.key());
                } else {
                    contributions.put(record.key(), (CohortContribution) output.value());
                }
            }
            case PATIENT_ERASED -> erase(patientId);
            default -> { }
        }
    }

    private void admitted(AdmittedEvent admitted) {
        SpecificRecord previous = admitted.previous();
        if (previous != null) {
            events.delete(key(previous));
        }
        SpecificRecord current = admitted.current();
        if (current != null) {
            events.put(key(current), WorkspaceEntries.of(current));
            accepted.record();
        }
    }

    private static String key(SpecificRecord event) {
        return WorkspaceStores.eventKey(ClinicalEvent.patientId(event), ClinicalEvent.clinicalDate(event),
                ClinicalEvent.eventId(event));
    }

    private void erase(String patientId) {
        int removed = deleteSlice(events, patientId) + deleteSlice(changes, patientId)
                + deleteSlice(contributions, patientId);
        patients.delete(patientId);
        LOG.info("Patient {} erased from the workspace: {} entries removed", patientId, removed);
    }

    static <V> int deleteSlice(KeyValueStore<String, V> store, String patientId) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> slice = store.range(WorkspaceStores.patientFrom(patientId),
                WorkspaceStores.patientTo(patientId))) {
            while (slice.hasNext()) {
                KeyValue<String, V> entry = slice.next();
                keys.add(entry.key);
            }
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    private static WorkspacePatient summary(PatientTimeline timeline) {
        IndexEpisode episode = timeline.getIndexEpisode();
        return WorkspacePatient.newBuilder().setPatientId(timeline.getPatientId())
                .setEventCount(timeline.getEventCount())
                .setIndexEpisodeKind(episode == null ? null : episode.getKind().name())
                .setIndexEpisodeDate(episode == null ? null : episode.getEpisodeDate())
                .setIndexDeliveryDate(episode == null ? null : episode.getIndexDeliveryDate())
                .setFracturedVertebrae(episode == null ? new ArrayList<>()
                        : new ArrayList<>(episode.getFracturedVertebrae().stream().map(Enum::name).toList()))
                .setCurrentTreatments(new ArrayList<>(timeline.getCurrentTreatments().stream().map(Enum::name)
                        .toList()))
                .build();
    }
}
