package org.plotracker.patient;

/** What happened when an event was offered to a patient's record. */
public enum Admission {
    /** New event id: added in clinical-date order. */
    ACCEPTED,
    /** Same event id, same content: a re-send; nothing changes and nothing is emitted. */
    DUPLICATE,
    /** Same event id, different content: rejected (dead-letter topic), the record is unchanged. */
    CONFLICT
}
