package org.plotracker.patient;

/** What happened when a version of an event was offered to the versions accepted under its id. */
public enum Admission {
    /** A new event id, or a new revision of a known one (an amendment, a retraction or an older revision). */
    ACCEPTED,
    /** Same event id, same revision, same content: a re-send; nothing changes and nothing is emitted. */
    DUPLICATE,
    /** Same event id and revision with different content (or another event type): rejected (dead-letter topic). */
    CONFLICT
}
