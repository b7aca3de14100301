package org.plotracker.topology;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.patient.TimelineEntries;

/**
 * The decoded {@code patient-events} and {@code patient-outputs} entries of the patients the processor decided most
 * recently, so that a patient's next decision does not read and decode her whole history from the stores again
 * (docs/architecture.md, "Cost of a decision"). The stores stay the record: every write the processor makes to them
 * for a cached patient is made here too, a patient whose processing failed is forgotten, and the cache lives and dies
 * with one processor instance of one task (created in {@code init}, so a revived task starts empty).
 *
 * <p>Bounded by the number of event versions held ({@code plo.tracker.recent-patient-versions}); the least recently
 * decided patients are dropped first. 0 disables it.
 */
final class RecentPatients {

    /** Store key order after the patient prefix: UTF-8 byte order, which is code point order. */
    private static final Comparator<String> KEY_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /** One patient's entries, keyed after {@code <patientId>|}, in store order. */
    static final class Patient {
        private final NavigableMap<String, List<SpecificRecord>> events = new TreeMap<>(KEY_ORDER);
        private final NavigableMap<String, PatientOutput> outputs = new TreeMap<>();
        private final TimelineEntries timelineEntries = TimelineEntries.remembered();
        private int versions;

        /** The versions of each of her events, in event-id order. */
        Collection<List<SpecificRecord>> events() {
            return Collections.unmodifiableCollection(events.values());
        }

        /** The timeline entries of her versions, remembered while she is cached. */
        TimelineEntries timelineEntries() {
            return timelineEntries;
        }

        /** Her patient-outputs entries, keyed after {@code <patientId>|}. */
        SortedMap<String, PatientOutput> outputs() {
            return Collections.unmodifiableSortedMap(outputs);
        }
    }

    private final int maxVersions;
    private final LinkedHashMap<String, Patient> patients = new LinkedHashMap<>(16, 0.75f, true);
    private long versions;

    RecentPatients(int maxVersions) {
        if (maxVersions < 0) {
            throw new IllegalArgumentException("maxVersions must be 0 or more, was " + maxVersions);
        }
        this.maxVersions = maxVersions;
    }

    /** Her entries, from the cache or else from {@code load} (which then fills the cache). */
    Patient get(String patientId, Supplier<Patient> load) {
        Patient cached = patients.get(patientId);
        if (cached != null) {
            return cached;
        }
        Patient loaded = load.get();
        if (maxVersions > 0 && loaded.versions <= maxVersions) {
            patients.put(patientId, loaded);
            versions += loaded.versions;
            evict();
        }
        return loaded;
    }

    /** A patient as read from the stores: call {@link #event} and {@link #output} for each entry, in any order. */
    static Patient loading() {
        return new Patient();
    }

    static void event(Patient patient, String eventId, List<SpecificRecord> eventVersions) {
        List<SpecificRecord> before = patient.events.put(eventId, List.copyOf(eventVersions));
        patient.versions += eventVersions.size() - (before == null ? 0 : before.size());
        if (before != null) {
            patient.timelineEntries.forget(before);
        }
    }

    static void output(Patient patient, String key, PatientOutput value) {
        if (value == null) {
            patient.outputs.remove(key);
        } else {
            patient.outputs.put(key, value);
        }
    }

    /** An event of hers was written to the store: kept in step when she is cached. */
    void eventWritten(String patientId, String eventId, List<SpecificRecord> eventVersions) {
        Patient cached = patients.get(patientId);
        if (cached != null) {
            int before = cached.versions;
            event(cached, eventId, eventVersions);
            versions += cached.versions - before;
            evict();
        }
    }

    /** Her patient-outputs entries were written (a null value deletes): kept in step when she is cached. */
    void outputsWritten(String patientId, Map<String, PatientOutput> writes) {
        Patient cached = patients.get(patientId);
        if (cached != null) {
            writes.forEach((key, value) -> output(cached, key, value));
        }
    }

    /** Drops her: erased, or her processing failed part way and the stores are the only truth. */
    void forget(String patientId) {
        Patient removed = patients.remove(patientId);
        if (removed != null) {
            versions -= removed.versions;
        }
    }

    int size() {
        return patients.size();
    }

    private void evict() {
        var it = patients.entrySet().iterator();
        while (versions > maxVersions && it.hasNext()) {
            versions -= it.next().getValue().versions;
            it.remove();
        }
    }
}
