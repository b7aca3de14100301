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

    private static String hash(String... parts) {
        byte[][] bytes = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return EventFingerprint.sha256Hex(bytes);
    }
}
