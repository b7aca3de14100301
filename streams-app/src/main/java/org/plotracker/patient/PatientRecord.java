package org.plotracker.patient;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.rules.PatientHistory;

/**
 * One patient's longitudinal record as known at one recorded-time instant ({@link PatientKnowledge#asOf}): the events
 * in force then, in clinical-date order. Immutable.
 */
public final class PatientRecord {

    private static final Comparator<SpecificRecord> RECORDED_ORDER = Comparator
            .comparing(ClinicalEvent::recordedAt).thenComparing(ClinicalEvent::eventId);

    private final String patientId;
    private final long asOf;
    private final List<SpecificRecord> events;
    private final TimelineEntries timelineEntries;
    /** Mapped once: a decision asks for it several times (rules, outputs, timeline). */
    private PatientHistory history;

    PatientRecord(String patientId, long asOf, List<SpecificRecord> events) {
        this(patientId, asOf, events, TimelineEntries.none());
    }

    PatientRecord(String patientId, long asOf, List<SpecificRecord> events, TimelineEntries timelineEntries) {
        this.patientId = patientId;
        this.asOf = asOf;
        this.events = List.copyOf(events);
        this.timelineEntries = timelineEntries;
    }

    /** A record of the given events (any order) as known at {@code asOf}. */
    public static PatientRecord of(String patientId, long asOf, List<SpecificRecord> events) {
        return new PatientRecord(patientId, asOf, events.stream().sorted(ClinicalEvent.CLINICAL_ORDER).toList());
    }

    public String patientId() {
        return patientId;
    }

    /** The recorded-time instant (epoch ms) this record is known as of. */
    public long asOf() {
        return asOf;
    }

    /** Events in force, in clinical-date order (then recordedAt, then event id). */
    public List<SpecificRecord> events() {
        return events;
    }

    public Optional<SpecificRecord> event(String eventId) {
        return events.stream().filter(e -> ClinicalEvent.eventId(e).equals(eventId)).findFirst();
    }

    public PatientHistory history() {
        if (history == null) {
            history = PatientHistoryMapper.toHistory(patientId, events);
        }
        return history;
    }

    /** The timeline entry of one of her events. */
    public org.plotracker.contracts.derived.TimelineEntry timelineEntry(SpecificRecord event) {
        return timelineEntries.of(event);
    }

    /** The most recently recorded event in force (recordedAt, then event id). */
    public Optional<SpecificRecord> lastRecorded() {
        return events.stream().max(RECORDED_ORDER);
    }

    /** The most recently recorded event (recordedAt, then event id) dated on or before {@code date}. */
    public Optional<SpecificRecord> lastRecordedUpTo(LocalDate date) {
        return events.stream().filter(e -> !ClinicalEvent.clinicalDate(e).isAfter(date)).max(RECORDED_ORDER);
    }
}
