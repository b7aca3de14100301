package org.plotracker.topology;

import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.patient.EventFingerprint;

/** The lifecycle fields of the two alert records (status, ids, revision, reason, decision instant). */
final class AlertRecords {

    private AlertRecords() {
    }

    /** A copy of {@code alert} with its lifecycle fields set. */
    static SpecificRecord stamped(SpecificRecord alert, AlertStatus status, String alertId, String originalAlertId,
                                  String replacesAlertId, int revision, String reason, Long decidedAsOf) {
        Instant asOf = decidedAsOf == null ? null : Instant.ofEpochMilli(decidedAsOf);
        if (alert instanceof BmdChangeAlert b) {
            return BmdChangeAlert.newBuilder(b).setStatus(status).setAlertId(alertId)
                    .setOriginalAlertId(originalAlertId).setReplacesAlertId(replacesAlertId).setRevision(revision)
                    .setStatusReason(reason).setDecidedAsOf(asOf).build();
        }
        RecurrenceRiskAlert r = (RecurrenceRiskAlert) alert;
        return RecurrenceRiskAlert.newBuilder(r).setStatus(status).setAlertId(alertId)
                .setOriginalAlertId(originalAlertId).setReplacesAlertId(replacesAlertId).setRevision(revision)
                .setStatusReason(reason).setDecidedAsOf(asOf).build();
    }

    /**
     * True when two records of an alert say the same to a care team: everything but the lifecycle fields and the
     * raising event ({@code raisedAt}, and {@code triggeredByEventId} of a BMD-change alert), which describe the
     * first record.
     */
    static boolean sameContent(SpecificRecord a, SpecificRecord b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        return Arrays.equals(EventFingerprint.encode(content(a)), EventFingerprint.encode(content(b)));
    }

    private static SpecificRecord content(SpecificRecord alert) {
        SpecificRecord neutral = stamped(alert, AlertStatus.RAISED, "", null, null, 0, null, null);
        if (neutral instanceof BmdChangeAlert b) {
            return BmdChangeAlert.newBuilder(b).setTriggeredByEventId("").setRaisedAt(Instant.EPOCH).build();
        }
        return RecurrenceRiskAlert.newBuilder((RecurrenceRiskAlert) neutral).setRaisedAt(Instant.EPOCH).build();
    }

    static String alertId(SpecificRecord alert) {
        return alert instanceof BmdChangeAlert b ? b.getAlertId() : ((RecurrenceRiskAlert) alert).getAlertId();
    }

    static int revision(SpecificRecord alert) {
        return alert instanceof BmdChangeAlert b ? b.getRevision() : ((RecurrenceRiskAlert) alert).getRevision();
    }

    static TrackerOutput.Kind kind(SpecificRecord alert) {
        return alert instanceof BmdChangeAlert ? TrackerOutput.Kind.BMD_CHANGE_ALERT
                : TrackerOutput.Kind.RECURRENCE_RISK_ALERT;
    }
}
