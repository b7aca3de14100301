package org.plotracker.alerts;

import java.nio.charset.StandardCharsets;
import org.plotracker.patient.EventFingerprint;

/**
 * Deterministic ids: the same inputs and rule-set version always give the same id, so consumers can de-duplicate.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /** A bmd-change row: patient, site and the two scan event ids. */
    public static String changeId(String patientId, String site, String earlierScanId, String laterScanId) {
        return "chg-" + hash(patientId, site, earlierScanId, laterScanId);
    }

    /** A BMD-change alert: the compared pair and the rule-set version. */
    public static String bmdAlertId(String patientId, String site, String earlierScanId, String laterScanId,
                                    String ruleSetVersion) {
        return "bmd-" + hash(patientId, site, earlierScanId, laterScanId, ruleSetVersion);
    }

    /** A recurrence-risk alert: the triggering pregnancy or delivery event and the rule-set version. */
    public static String recurrenceAlertId(String patientId, String triggerEventId, String ruleSetVersion) {
        return "rr-" + hash(patientId, triggerEventId, ruleSetVersion);
    }

    /** The history epoch of a patient never erased: ids in epoch 0 are those of the inputs alone. */
    public static final String FIRST_EPOCH = "0";

    /**
     * An alert id in a patient's history epoch ({@code docs/architecture.md}): the same as {@code baseId} in epoch
     * {@value #FIRST_EPOCH}, otherwise derived from it and the epoch, so that a history re-published after an erasure
     * never reuses an alert id.
     */
    public static String inEpoch(String baseId, String epoch) {
        if (epoch == null || FIRST_EPOCH.equals(epoch)) {
            return baseId;
        }
        int dash = baseId.indexOf('-');
        return baseId.substring(0, dash + 1) + hash(baseId, "epoch", epoch);
    }

    /** The id of the record that follows an alert's first one: revision 1, 2, ... of {@code originalAlertId}. */
    public static String revisionId(String originalAlertId, int revision) {
        return revision == 0 ? originalAlertId : originalAlertId + "-r" + revision;
    }

    private static String hash(String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return EventFingerprint.sha256Hex(bytes);
    }
}
