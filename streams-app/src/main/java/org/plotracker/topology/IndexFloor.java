package org.plotracker.topology;

import java.util.Objects;

/**
 * The key a range read of a time-ordered index ({@code pending-decisions}, {@code follow-up-due}) starts at: no entry
 * is keyed below it. Taken entries are deleted from the index, and RocksDB keeps each deletion as a tombstone until
 * compaction; a read from the index's first key would step over all of them, and cost more with every decision taken.
 *
 * <p>In memory only: a processor creates its floor in {@code init}, at the index's first key, so a new or revived
 * instance reads the whole index once. Not thread-safe: one per processor instance, used on its stream thread.
 */
public final class IndexFloor {

    private String key;

    /** @param first the lowest key the index can hold */
    public IndexFloor(String first) {
        this.key = Objects.requireNonNull(first, "first");
    }

    /** Where the next range read starts. */
    public String key() {
        return key;
    }

    /** Call for every key written to the index: an entry below the floor (a late event's decision) lowers it. */
    public void added(String entryKey) {
        if (entryKey.compareTo(key) < 0) {
            key = entryKey;
        }
    }

    /** True when a range read from the floor up to {@code upper} cannot find anything (upper is at or below it). */
    public boolean emptyBelow(String upper) {
        return upper.compareTo(key) <= 0;
    }

    /** Call once every entry below {@code entryKey} was taken: the next read starts there. Never lowers the floor. */
    public void raiseTo(String entryKey) {
        if (entryKey.compareTo(key) > 0) {
            key = entryKey;
        }
    }
}
