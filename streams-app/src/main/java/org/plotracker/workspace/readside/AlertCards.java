package org.plotracker.workspace.readside;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.ContributingFactor;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.internal.WorkspaceAlert;

/**
 * Maps an alert record of any kind onto the one card the worklist and the patient page show ({@link WorkspaceAlert}).
 * A new alert kind (e.g. the follow-up reminders) is one more case here and one more stream merged into the worklist's
 * input (see {@link WorkspaceStores#attach}); the stores, the worklist order and the HTTP views stay as they are.
 *
 * <p>Fields a later schema version adds ({@code status}, {@code replacesAlertId}) are read by name when present, so
 * the card follows CORRECTED and WITHDRAWN records without a change here.
 */
public final class AlertCards {

    private AlertCards() {
    }

    /** True for the alert records this class can map. */
    public static boolean isAlert(Object value) {
        return value instanceof BmdChangeAlert || value instanceof RecurrenceRiskAlert;
    }

    public static WorkspaceAlert of(SpecificRecord alert) {
        if (alert instanceof BmdChangeAlert a) {
            List<String> reasons = new ArrayList<>();
            reasons.add(comparison(a.getChange()));
            a.getSeverityFactors().forEach(f -> reasons.add(factor(f)));
            return card(a, a.getAlertId(), a.getPatientId(), "BMD_CHANGE", a.getSeverity().name(), a.getHeadline(),
                    a.getRaisedAt().toEpochMilli(), reasons);
        }
        if (alert instanceof RecurrenceRiskAlert a) {
            List<String> reasons = new ArrayList<>();
            a.getFactors().forEach(f -> reasons.add(factor(f)));
            a.getMedicationSafety().forEach(f -> reasons.add("Medication: " + factor(f)));
            return card(a, a.getAlertId(), a.getPatientId(), "RECURRENCE_RISK", a.getSeverity().name(),
                    a.getHeadline(), a.getRaisedAt().toEpochMilli(), reasons);
        }
        throw new IllegalArgumentException("not an alert the worklist knows: " + alert.getSchema().getName());
    }

    /** The alert this record replaces (a CORRECTED or WITHDRAWN record of a later schema), or null. */
    public static String replaces(SpecificRecord alert) {
        Object value = field(alert, "replacesAlertId");
        return value == null ? null : value.toString();
    }

    private static WorkspaceAlert card(SpecificRecord record, String alertId, String patientId, String kind,
                                       String severity, String headline, long raisedAt, List<String> reasons) {
        Object status = field(record, "status");
        return WorkspaceAlert.newBuilder().setAlertId(alertId).setPatientId(patientId).setKind(kind)
                .setSeverity(severity).setHeadline(headline).setRaisedAt(java.time.Instant.ofEpochMilli(raisedAt))
                .setStatus(status == null ? "RAISED" : status.toString()).setReasons(reasons).build();
    }

    private static Object field(SpecificRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }

    private static String factor(ContributingFactor f) {
        return f.getDescription() + " (" + f.getEvidence() + "; source: " + f.getSource() + ")";
    }

    /** The compared pair in words: dates, change, and the least significant change it was judged against. */
    static String comparison(BmdChange c) {
        StringBuilder b = new StringBuilder(c.getSite().name()).append(' ').append(c.getEarlierDate()).append(" → ")
                .append(c.getLaterDate()).append(": ").append(c.getClassification());
        if (c.getBmdChangePercent() != null) {
            b.append(String.format(Locale.ROOT, ", BMD %+.1f%%", c.getBmdChangePercent()));
        }
        if (c.getDeltaZ() != null) {
            b.append(String.format(Locale.ROOT, ", ΔZ %+.1f", c.getDeltaZ()));
        }
        if (c.getThreshold() != null) {
            b.append(String.format(Locale.ROOT, " (LSC %.2f %s", c.getThreshold(), c.getThresholdUnit()));
            if (c.getThresholdSource() != null) {
                b.append(", ").append(c.getThresholdSource());
            }
            b.append(')');
        }
        if (c.getNotComparableReason() != null) {
            b.append(" — ").append(c.getNotComparableReason());
        }
        return b.toString();
    }
}
