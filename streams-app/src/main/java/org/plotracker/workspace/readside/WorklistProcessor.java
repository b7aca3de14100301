package org.plotracker.workspace.readside;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.plotracker.contracts.control.AlertAcknowledged;
import org.plotracker.contracts.internal.WorkspaceAlert;
import org.plotracker.topology.RejectedEventException;
import org.plotracker.topology.TrackerOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the worklist: the latest record of every alert of the task's patients ({@link WorkspaceStores#ALERTS}) and
 * the open ones in worklist order ({@link WorkspaceStores#WORKLIST}). An alert leaves the worklist when it is
 * acknowledged ({@link AlertAcknowledged} from the control topic), withdrawn, or replaced by a correction; an erasure
 * removes the patient's alerts and acknowledgements.
 *
 * <p>An acknowledgement read before its alert (a replay under a new application id may interleave them so) is kept and
 * applied when the alert arrives, so the worklist ends the same whatever the order.
 */
final class WorklistProcessor implements Processor<String, Object, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(WorklistProcessor.class);

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, WorkspaceAlert> alerts;
    private KeyValueStore<String, AlertAcknowledged> acknowledgements;
    private KeyValueStore<String, WorkspaceAlert> worklist;
    private final Map<String, Sensor> raised = new HashMap<>();
    private Sensor acknowledged;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        alerts = context.getStateStore(WorkspaceStores.ALERTS);
        acknowledgements = context.getStateStore(WorkspaceStores.ACKNOWLEDGEMENTS);
        worklist = context.getStateStore(WorkspaceStores.WORKLIST);
        acknowledged = TrackerCounters.alertsAcknowledged(context.metrics());
    }

    @Override
    public void process(Record<String, Object> record) {
        String patientId = record.key();
        Object value = record.value();
        if (value instanceof AlertAcknowledged ack) {
            acknowledge(patientId, ack);
        } else if (value instanceof TrackerOutput output) {
            if (output.kind() == TrackerOutput.Kind.PATIENT_ERASED) {
                erase(patientId);
            } else if (AlertCards.isAlert(output.value())) {
                alert(patientId, (SpecificRecord) output.value());
            }
        }
    }

    private void alert(String patientId, SpecificRecord record) {
        WorkspaceAlert card = AlertCards.of(record);
        String key = WorkspaceStores.patientKey(patientId, card.getAlertId());
        WorkspaceAlert before = alerts.get(key);
        if (before != null) {
            worklist.delete(WorkspaceStores.worklistKey(before));
        } else {
            String kind = card.getKind();
            String severity = card.getSeverity();
            raised.computeIfAbsent(kind + "|" + severity,
                    k -> TrackerCounters.alertsRaised(context.metrics(), kind, severity)).record();
        }
        String replaced = AlertCards.replaces(record);
        if (replaced != null) {
            WorkspaceAlert old = alerts.get(WorkspaceStores.patientKey(patientId, replaced));
            if (old != null) {
                worklist.delete(WorkspaceStores.worklistKey(old));
            }
        }
        AlertAcknowledged ack = acknowledgements.get(key);
        if (ack != null) {
            card = withAcknowledgement(card, ack);
        }
        alerts.put(key, card);
        if (open(card)) {
            worklist.put(WorkspaceStores.worklistKey(card), card);
        }
    }

    private void acknowledge(String patientId, AlertAcknowledged ack) {
        if (!patientId.equals(ack.getPatientId())) {
            throw new RejectedEventException(RejectedEventException.Reason.KEY_MISMATCH, ack.getEventId(),
                    "Acknowledgement " + ack.getEventId() + " names patient " + ack.getPatientId() + " but is keyed "
                            + patientId);
        }
        String key = WorkspaceStores.patientKey(patientId, ack.getAlertId());
        if (acknowledgements.get(key) != null) {
            LOG.info("Acknowledgement {} of alert {}: already acknowledged, the first is kept", ack.getEventId(),
                    ack.getAlertId());
            return;
        }
        acknowledgements.put(key, ack);
        acknowledged.record();
        WorkspaceAlert card = alerts.get(key);
        if (card == null) {
            LOG.info("Acknowledgement {} of alert {} (patient {}) kept until the alert is read", ack.getEventId(),
                    ack.getAlertId(), patientId);
            return;
        }
        worklist.delete(WorkspaceStores.worklistKey(card));
        alerts.put(key, withAcknowledgement(card, ack));
        LOG.info("Alert {} of patient {} acknowledged (event {})", ack.getAlertId(), patientId, ack.getEventId());
    }

    private void erase(String patientId) {
        List<String> worklistKeys = new ArrayList<>();
        try (KeyValueIterator<String, WorkspaceAlert> slice = alerts.range(WorkspaceStores.patientFrom(patientId),
                WorkspaceStores.patientTo(patientId))) {
            while (slice.hasNext()) {
                KeyValue<String, WorkspaceAlert> entry = slice.next();
                worklistKeys.add(WorkspaceStores.worklistKey(entry.value));
            }
        }
        worklistKeys.forEach(worklist::delete);
        int removed = PatientViewProcessor.deleteSlice(alerts, patientId)
                + PatientViewProcessor.deleteSlice(acknowledgements, patientId);
        LOG.info("Patient {} erased from the worklist: {} alert entries removed", patientId, removed);
    }

    private static boolean open(WorkspaceAlert card) {
        return card.getAcknowledgedAt() == null && !"WITHDRAWN".equals(card.getStatus());
    }

    private static WorkspaceAlert withAcknowledgement(WorkspaceAlert card, AlertAcknowledged ack) {
        return WorkspaceAlert.newBuilder(card).setAcknowledgedBy(ack.getAcknowledgedBy())
                .setAcknowledgedAt(ack.getRecordedAt()).setAcknowledgementNote(ack.getNote())
                .setAcknowledgementEventId(ack.getEventId()).build();
    }
}
