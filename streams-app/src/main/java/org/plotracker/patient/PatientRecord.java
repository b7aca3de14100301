package org.plotracker.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EmittedChange;
import org.plotracker.contracts.internal.PatientState;
import org.plotracker.contracts.internal.PendingRecurrenceAlert;
import org.plotracker.contracts.internal.RaisedBmdAlert;
import org.plotracker.contracts.internal.RaisedRecurrenceAlert;
import org.plotracker.rules.PatientHistory;

/**
 * One patient's longitudinal record: her accepted events in clinical-date order and what was already emitted for her.
 * A mutable view over the store value {@link PatientState}; bounded by the patient's own history (one entry per event,
 * per compared pair, per alert and per site contribution), plus the alerts decided but still held for the settling
 * window.
 */
public final class PatientRecord {

    private final String patientId;
    private final List<SpecificRecord> events;
    private final List<EmittedChange> emittedChanges;
    private final List<RaisedBmdAlert> bmdAlerts;
    private final List<RaisedRecurrenceAlert> recurrenceAlerts;
    private List<CohortContribution> contributions;
    private List<BmdChangeAlert> pendingBmdAlerts;
    private List<PendingRecurrenceAlert> pendingRecurrenceAlerts;

    private PatientRecord(String patientId, List<SpecificRecord> events, List<EmittedChange> emittedChanges,
                          List<RaisedBmdAlert> bmdAlerts, List<RaisedRecurrenceAlert> recurrenceAlerts,
                          List<CohortContribution> contributions, List<BmdChangeAlert> pendingBmdAlerts,
                          List<PendingRecurrenceAlert> pendingRecurrenceAlerts) {
        this.patientId = patientId;
        this.events = new ArrayList<>(events);
        this.emittedChanges = new ArrayList<>(emittedChanges);
        this.bmdAlerts = new ArrayList<>(bmdAlerts);
        this.recurrenceAlerts = new ArrayList<>(recurrenceAlerts);
        this.contributions = new ArrayList<>(contributions);
        this.pendingBmdAlerts = new ArrayList<>(pendingBmdAlerts);
        this.pendingRecurrenceAlerts = new ArrayList<>(pendingRecurrenceAlerts);
    }

    public static PatientRecord empty(String patientId) {
        return new PatientRecord(patientId, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    public static PatientRecord fromState(PatientState state) {
        List<SpecificRecord> events = new ArrayList<>();
        for (Object e : state.getEvents()) {
            events.add((SpecificRecord) e);
        }
        return new PatientRecord(state.getPatientId(), events, state.getEmittedChanges(), state.getBmdAlerts(),
                state.getRecurrenceAlerts(), state.getCohortContributions(), state.getPendingBmdAlerts(),
                state.getPendingRecurrenceAlerts());
    }

    public PatientState toState() {
        return PatientState.newBuilder().setPatientId(patientId).setEvents(new ArrayList<>(events))
                .setEmittedChanges(new ArrayList<>(emittedChanges)).setBmdAlerts(new ArrayList<>(bmdAlerts))
                .setRecurrenceAlerts(new ArrayList<>(recurrenceAlerts))
                .setCohortContributions(new ArrayList<>(contributions))
                .setPendingBmdAlerts(new ArrayList<>(pendingBmdAlerts))
                .setPendingRecurrenceAlerts(new ArrayList<>(pendingRecurrenceAlerts)).build();
    }

    public String patientId() {
        return patientId;
    }

    /** Accepted events in clinical-date order. */
    public List<SpecificRecord> events() {
        return List.copyOf(events);
    }

    public Optional<SpecificRecord> event(String eventId) {
        return events.stream().filter(e -> ClinicalEvent.eventId(e).equals(eventId)).findFirst();
    }

    /**
     * Offers a clinical event: a new id is inserted at its clinical-date position; a known id with the same content
     * fingerprint is a duplicate, with a different one a conflict (the record is then unchanged).
     */
    public Admission admit(SpecificRecord event) {
        Optional<SpecificRecord> known = event(ClinicalEvent.eventId(event));
        if (known.isPresent()) {
            return EventFingerprint.of(known.get()).equals(EventFingerprint.of(event))
                    ? Admission.DUPLICATE : Admission.CONFLICT;
        }
        int at = 0;
        while (at < events.size() && ClinicalEvent.CLINICAL_ORDER.compare(events.get(at), event) <= 0) {
            at++;
        }
        events.add(at, event);
        return Admission.ACCEPTED;
    }

    public PatientHistory history() {
        return PatientHistoryMapper.toHistory(patientId, events);
    }

    public Optional<EmittedChange> emittedChange(String changeId) {
        return emittedChanges.stream().filter(c -> c.getChangeId().equals(changeId)).findFirst();
    }

    public List<EmittedChange> emittedChanges() {
        return List.copyOf(emittedChanges);
    }

    /** Records what was last written for a bmd-change row. */
    public void recordEmittedChange(String changeId, String site, String earlierScanEventId,
                                    String laterScanEventId, String contentFingerprint, boolean superseded) {
        emittedChanges.removeIf(c -> c.getChangeId().equals(changeId));
        emittedChanges.add(new EmittedChange(changeId, site, earlierScanEventId, laterScanEventId,
                contentFingerprint, superseded));
    }

    public boolean bmdAlertRaisedFor(String site, String laterScanEventId) {
        return bmdAlerts.stream().anyMatch(a -> a.getSite().equals(site)
                && a.getLaterScanEventId().equals(laterScanEventId));
    }

    public void recordBmdAlert(String alertId, String site, String laterScanEventId) {
        bmdAlerts.add(new RaisedBmdAlert(alertId, site, laterScanEventId));
    }

    /** True when a recurrence alert was raised for a pregnancy sharing any of these events. */
    public boolean recurrenceAlertRaisedFor(List<String> pregnancyEventIds) {
        return recurrenceAlerts.stream().anyMatch(a -> a.getPregnancyEventIds().stream()
                .anyMatch(pregnancyEventIds::contains));
    }

    public void recordRecurrenceAlert(String alertId, List<String> pregnancyEventIds) {
        recurrenceAlerts.add(new RaisedRecurrenceAlert(alertId, new ArrayList<>(pregnancyEventIds)));
    }

    /** Adds events newly known to belong to an already alerted pregnancy (e.g. its delivery). */
    public void linkToRaisedRecurrenceAlert(List<String> pregnancyEventIds) {
        for (int i = 0; i < recurrenceAlerts.size(); i++) {
            RaisedRecurrenceAlert a = recurrenceAlerts.get(i);
            if (a.getPregnancyEventIds().stream().anyMatch(pregnancyEventIds::contains)) {
                List<String> members = new ArrayList<>(a.getPregnancyEventIds());
                pregnancyEventIds.stream().filter(id -> !members.contains(id)).forEach(members::add);
                recurrenceAlerts.set(i, new RaisedRecurrenceAlert(a.getAlertId(), members));
            }
        }
    }

    public List<CohortContribution> contributions() {
        return List.copyOf(contributions);
    }

    public void replaceContributions(List<CohortContribution> current) {
        this.contributions = new ArrayList<>(current);
    }

    /** BMD-change alerts decided but not yet emitted (held for the settling window). */
    public List<BmdChangeAlert> pendingBmdAlerts() {
        return List.copyOf(pendingBmdAlerts);
    }

    /** Recurrence-risk alerts decided but not yet emitted, each with the events of its pregnancy. */
    public List<PendingRecurrenceAlert> pendingRecurrenceAlerts() {
        return List.copyOf(pendingRecurrenceAlerts);
    }

    public boolean hasPendingAlerts() {
        return !pendingBmdAlerts.isEmpty() || !pendingRecurrenceAlerts.isEmpty();
    }

    /** Replaces the pending alerts by a new decision (empty lists drop them). */
    public void replacePendingAlerts(List<BmdChangeAlert> bmd, List<PendingRecurrenceAlert> recurrence) {
        this.pendingBmdAlerts = new ArrayList<>(bmd);
        this.pendingRecurrenceAlerts = new ArrayList<>(recurrence);
    }

    /**
     * A fingerprint of the pending alerts' full content (ids, severity, wording, trigger), so that a re-decision can
     * tell whether it changed anything. Empty string when nothing is pending.
     */
    public String pendingAlertsFingerprint() {
        if (!hasPendingAlerts()) {
            return "";
        }
        List<byte[]> parts = new ArrayList<>();
        pendingBmdAlerts.forEach(a -> parts.add(EventFingerprint.encode(a)));
        pendingRecurrenceAlerts.forEach(a -> parts.add(EventFingerprint.encode(a)));
        return EventFingerprint.sha256Hex(parts.toArray(new byte[0][]));
    }

    /**
     * Moves the pending alerts to the raised ones and returns them (BMD-change alerts first): from then on they are
     * never raised again for the same scan or pregnancy.
     */
    public List<SpecificRecord> raisePendingAlerts() {
        List<SpecificRecord> raised = new ArrayList<>();
        for (BmdChangeAlert alert : pendingBmdAlerts) {
            recordBmdAlert(alert.getAlertId(), alert.getChange().getSite().name(),
                    alert.getChange().getLaterScanEventId());
            raised.add(alert);
        }
        for (PendingRecurrenceAlert pending : pendingRecurrenceAlerts) {
            recordRecurrenceAlert(pending.getAlert().getAlertId(), pending.getPregnancyEventIds());
            raised.add(pending.getAlert());
        }
        pendingBmdAlerts = new ArrayList<>();
        pendingRecurrenceAlerts = new ArrayList<>();
        return raised;
    }

    public int alertCount() {
        return bmdAlerts.size() + recurrenceAlerts.size();
    }
}
