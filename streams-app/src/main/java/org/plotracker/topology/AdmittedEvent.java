package org.plotracker.topology;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the patient processor tells the processors downstream of it (follow-up, worklist) about one admitted event:
 * the version now in force and the one it replaces. Only admitted events travel here (never duplicates, conflicts or
 * refused records), so downstream processors need no admission logic of their own.
 *
 * @param patientId     the patient (the record key)
 * @param current       the version now in force; null when the event was retracted (entered in error)
 * @param previous      the version it replaces (an amendment or retraction); null for a new event
 * @param recordedAtMs  recordedAt of the version just admitted, epoch ms (the tracker's clock is in these units)
 */
public record AdmittedEvent(String patientId, SpecificRecord current, SpecificRecord previous, long recordedAtMs) {

    public AdmittedEvent {
        Objects.requireNonNull(patientId, "patientId");
        if (current == null && previous == null) {
            throw new IllegalArgumentException("an admitted event has a current or a previous version");
        }
    }

    /** True when this retracts an earlier version (entered in error). */
    public boolean retraction() {
        return current == null;
    }
}
