package org.plotracker.patient;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.derived.TimelineEntry;

/**
 * The timeline entry of each event version (date, id, kind and the formatted summary), worked out once per version
 * object: the timeline restates every event of hers at each decision, and while the processor keeps her decoded
 * versions between decisions the same objects come back. Keyed by identity, so a version read again from the store
 * gets its own entry; {@link #forget} drops the versions an amendment replaced.
 */
public final class TimelineEntries {

    private final Map<SpecificRecord, TimelineEntry> byVersion;

    private TimelineEntries(Map<SpecificRecord, TimelineEntry> byVersion) {
        this.byVersion = byVersion;
    }

    /** Entries remembered for as long as this object lives. */
    public static TimelineEntries remembered() {
        return new TimelineEntries(new IdentityHashMap<>());
    }

    /** Entries worked out at every call: for knowledge read once and dropped. */
    public static TimelineEntries none() {
        return new TimelineEntries(null);
    }

    TimelineEntry of(SpecificRecord version) {
        if (byVersion == null) {
            return TimelineBuilder.entry(version);
        }
        return byVersion.computeIfAbsent(version, TimelineBuilder::entry);
    }

    /** Drops the entries of versions no longer held. */
    public void forget(Iterable<SpecificRecord> versions) {
        if (byVersion != null) {
            versions.forEach(byVersion::remove);
        }
    }
}
