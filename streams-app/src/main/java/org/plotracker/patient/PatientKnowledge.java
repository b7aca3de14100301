package org.plotracker.patient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything the tracker holds of one patient, bitemporally: every accepted version of every event. It answers what
 * was known as of any recorded-time instant ({@link #asOf}): each event in the highest revision recorded by then,
 * retracted events left out. What was known never depends on when the versions arrived.
 */
public final class PatientKnowledge {

    private final String patientId;
    private final Map<String, List<SpecificRecord>> versionsById = new LinkedHashMap<>();
    private final NavigableSet<Long> instants = new TreeSet<>();
    private final TimelineEntries timelineEntries;

    /** @param versionsPerEvent the versions of each event, each list in revision order */
    public PatientKnowledge(String patientId, Collection<List<SpecificRecord>> versionsPerEvent) {
        this(patientId, versionsPerEvent, TimelineEntries.none());
    }

    /**
     * @param versionsPerEvent the versions of each event, each list in revision order
     * @param timelineEntries  the timeline entries of these versions, where they are remembered between decisions
     */
    public PatientKnowledge(String patientId, Collection<List<SpecificRecord>> versionsPerEvent,
                            TimelineEntries timelineEntries) {
        this.patientId = patientId;
        this.timelineEntries = timelineEntries;
        for (List<SpecificRecord> versions : versionsPerEvent) {
            if (versions.isEmpty()) {
                continue;
            }
            versionsById.put(ClinicalEvent.eventId(versions.get(0)), List.copyOf(versions));
            versions.forEach(v -> instants.add(ClinicalEvent.recordedAt(v).toEpochMilli()));
        }
    }

    public String patientId() {
        return patientId;
    }

    /** Every distinct recordedAt (epoch ms) of every version: the instants at which what was known changed. */
    public NavigableSet<Long> instants() {
        return java.util.Collections.unmodifiableNavigableSet(instants);
    }

    /** The record as known at {@code instant}: each event's version in force then, retracted ones left out. */
    public PatientRecord asOf(long instant) {
        List<SpecificRecord> events = new ArrayList<>();
        for (List<SpecificRecord> versions : versionsById.values()) {
            inForce(versions, instant).filter(v -> !ClinicalEvent.enteredInError(v)).ifPresent(events::add);
        }
        events.sort(ClinicalEvent.CLINICAL_ORDER);
        return new PatientRecord(patientId, instant, events, timelineEntries);
    }

    /**
     * The version in force at {@code instant}: the highest revision among those recorded at or before it (an
     * amendment counts from its own recordedAt on); empty when none was recorded by then.
     */
    public static Optional<SpecificRecord> inForce(List<SpecificRecord> versions, long instant) {
        return versions.stream().filter(v -> ClinicalEvent.recordedAt(v).toEpochMilli() <= instant)
                .max(EventVersionsAdmission.REVISION_ORDER);
    }

    /** The last version of the event that stood (not a retraction), whenever recorded: to re-state a retracted scan. */
    public Optional<SpecificRecord> lastEntered(String eventId) {
        return versionsById.getOrDefault(eventId, List.of()).stream().filter(v -> !ClinicalEvent.enteredInError(v))
                .max(EventVersionsAdmission.REVISION_ORDER);
    }

    /** This knowledge without the versions recorded at {@code instants} (epoch ms): what was known before them. */
    public PatientKnowledge without(Collection<Long> instants) {
        List<List<SpecificRecord>> kept = new ArrayList<>();
        for (List<SpecificRecord> versions : versionsById.values()) {
            kept.add(versions.stream().filter(v -> !instants.contains(ClinicalEvent.recordedAt(v).toEpochMilli()))
                    .toList());
        }
        return new PatientKnowledge(patientId, kept, timelineEntries);
    }

    /** Every version of one event, in revision order (empty when unknown). */
    public List<SpecificRecord> versions(String eventId) {
        return versionsById.getOrDefault(eventId, List.of());
    }

    /** Ids of the events with a version recorded at one of {@code instants}, sorted. */
    public List<String> eventIdsRecordedAt(Collection<Long> at) {
        return versionsById.entrySet().stream().filter(e -> e.getValue().stream()
                .anyMatch(v -> at.contains(ClinicalEvent.recordedAt(v).toEpochMilli())))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** The most recently recorded version of all (recordedAt, then event id), or null when there is none. */
    public SpecificRecord lastRecordedVersion() {
        return versionsById.values().stream().flatMap(List::stream).max(Comparator
                .comparing(ClinicalEvent::recordedAt).thenComparing(ClinicalEvent::eventId)).orElse(null);
    }
}
