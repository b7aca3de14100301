package org.plotracker.cli.alerts;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.AlertStatus;

/** What a care team sees of any alert: one row of the table. */
public record AlertView(AlertKind kind, String alertId, String patientId, AlertSeverity severity, String headline,
        Instant raisedAt, SpecificRecord alert) {

    /** The view of an alert record, or null when the value is not an alert this CLI knows. */
    public static AlertView of(Object value) {
        if (value instanceof BmdChangeAlert a) {
            return new AlertView(AlertKind.BMD_CHANGE, a.getAlertId(), a.getPatientId(), a.getSeverity(),
                    status(a.getStatus(), a.getReplacesAlertId()) + a.getHeadline(), a.getRaisedAt(), a);
        }
        if (value instanceof RecurrenceRiskAlert a) {
            return new AlertView(AlertKind.RECURRENCE_RISK, a.getAlertId(), a.getPatientId(), a.getSeverity(),
                    status(a.getStatus(), a.getReplacesAlertId()) + a.getHeadline() + " [tier " + a.getTier() + "]",
                    a.getRaisedAt(), a);
        }
        return null;
    }

    /** "CORRECTED (replaces …): " or "WITHDRAWN (replaces …): " before the headline of a follow-up record. */
    private static String status(AlertStatus status, String replaces) {
        if (status == null || status == AlertStatus.RAISED || status == AlertStatus.UNKNOWN) {
            return "";
        }
        return status + (replaces == null ? "" : " (replaces " + replaces + ")") + ": ";
    }
}
