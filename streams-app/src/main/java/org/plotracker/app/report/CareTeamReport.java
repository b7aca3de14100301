package org.plotracker.app.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AgentExposure;
import org.plotracker.contracts.common.ContributingFactor;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.SummaryStatistic;

/**
 * What a care team and an analyst look at, as plain aligned text: the compared DXA pairs in the shape of Table 1 of
 * the source case series, the alerts with their reasons and contributing factors, and the cohort summary.
 * Every number is taken from the tracker's output records; nothing is recomputed here.
 */
public final class CareTeamReport {

    /** One side of a {@code pre -> post} pair that its scan did not report. */
    static final String NOT_REPORTED = "n/a";

    private CareTeamReport() {
    }

    /** The whole report. */
    public static String render(TrackerOutputs outputs) {
        StringBuilder out = new StringBuilder();
        out.append(section("BMD changes between DXA scans (one row per compared pair, as in Table 1)"));
        out.append(bmdChangeTable(outputs.currentBmdChanges()));
        out.append('\n');
        out.append(section("Alerts for care teams (decision support, not diagnoses)"));
        out.append(alerts(outputs));
        out.append('\n');
        out.append(section("Cohort summary: baseline to first follow-up after the index episode"));
        out.append(cohortTable(outputs.latestCohortSummaries()));
        return out.toString();
    }

    static String section(String title) {
        return title + "\n" + "=".repeat(title.length()) + "\n";
    }

    /** Table-1-shaped rows: patient, site, dates, months, Z and T before and after, change and its classification. */
    public static String bmdChangeTable(List<BmdChange> changes) {
        if (changes.isEmpty()) {
            return "(no compared scan pairs)\n";
        }
        TextTable table = TextTable.withColumns("patient", "site", "scans", ">months", ">Z pre -> post", ">dZ",
                ">T pre -> post", "classification", "treatment group");
        for (BmdChange c : changes) {
            table.row(c.getPatientId(), c.getSite(), c.getEarlierDate() + " -> " + c.getLaterDate(),
                    oneDecimal(c.getMonthsBetween()),
                    prePost(c.getEarlierZ(), c.getLaterZ()), signed(c.getDeltaZ()),
                    prePost(c.getEarlierT(), c.getLaterT()),
                    c.getClassification() + (c.getNotComparableReason() == null ? ""
                            : " (" + c.getNotComparableReason() + ")"),
                    c.getTreatmentGroup());
        }
        return table.render();
    }

    /** Alert list: an overview table, then each alert with what was compared and the factors behind its tier. */
    public static String alerts(TrackerOutputs outputs) {
        List<BmdChangeAlert> bmd = outputs.distinctBmdChangeAlerts();
        List<RecurrenceRiskAlert> recurrence = outputs.distinctRecurrenceRiskAlerts();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d alert(s) on the alert topics (%d record(s) read; duplicates: %d)%n",
                bmd.size() + recurrence.size(), outputs.alertRecordCount(),
                outputs.alertRecordCount() - outputs.distinctAlertCount()));
        if (bmd.isEmpty() && recurrence.isEmpty()) {
            return out.toString();
        }
        TextTable overview = TextTable.withColumns("patient", "kind", "severity", "date", "headline");
        for (RecurrenceRiskAlert a : recurrence) {
            overview.row(a.getPatientId(), "recurrence risk (" + a.getTier() + ")", a.getSeverity(),
                    a.getTriggerDate(), a.getHeadline());
        }
        for (BmdChangeAlert a : bmd) {
            overview.row(a.getPatientId(), "BMD change", a.getSeverity(), a.getChange().getLaterDate(),
                    a.getHeadline());
        }
        out.append(overview.render()).append('\n');
        for (RecurrenceRiskAlert a : recurrence) {
            out.append(String.format(Locale.ROOT, "* %s  %s  [%s]%n", a.getPatientId(), a.getHeadline(),
                    a.getSeverity()));
            out.append(String.format(Locale.ROOT,
                    "    trigger: %s on %s (event %s)%s; %.1f months since the index delivery of %s%n",
                    a.getTrigger(), a.getTriggerDate(), a.getTriggerEventId(),
                    a.getLateDetection() ? ", detected late" : "", a.getMonthsSinceIndexDelivery(),
                    a.getIndexEpisode().getIndexDeliveryDate()));
            appendFactors(out, "risk factors", a.getFactors());
            appendFactors(out, "medication safety", a.getMedicationSafety());
            out.append(String.format(Locale.ROOT, "    alert id %s, rule set %s%n", a.getAlertId(),
                    a.getRuleSetVersion()));
        }
        for (BmdChangeAlert a : bmd) {
            BmdChange c = a.getChange();
            out.append(String.format(Locale.ROOT, "* %s  %s  [%s]%n", a.getPatientId(), a.getHeadline(),
                    a.getSeverity()));
            out.append(String.format(Locale.ROOT, "    compared: %s %s -> %s (%s months)%s%n", c.getSite(),
                    c.getEarlierDate(), c.getLaterDate(), oneDecimal(c.getMonthsBetween()), measurements(c)));
            out.append("    judged: ").append(judged(c)).append(System.lineSeparator());
            out.append(String.format(Locale.ROOT, "    treatment in between: %s (%s)%n", c.getTreatmentGroup(),
                    exposure(c.getTreatmentExposure())));
            appendFactors(out, "severity factors", a.getSeverityFactors());
            out.append(String.format(Locale.ROOT, "    alert id %s, rule set %s, triggered by event %s%n",
                    a.getAlertId(), a.getRuleSetVersion(), a.getTriggeredByEventId()));
        }
        return out.toString();
    }

    /** n, mean and SD of the change from baseline to the first follow-up, by site and treatment group. */
    public static String cohortTable(List<CohortSummary> summaries) {
        if (summaries.isEmpty()) {
            return "(no first follow-up pairs yet)\n";
        }
        TextTable table = TextTable.withColumns("site", "treatment group", ">patients", ">dZ mean (SD), n",
                ">dT mean (SD), n", ">BMD % mean (SD), n", ">mean months");
        for (CohortSummary s : summaries) {
            table.row(s.getSite(), s.getTreatmentGroup(), s.getPatients(), statistic(s.getDeltaZ()),
                    statistic(s.getDeltaT()), statistic(s.getBmdChangePercent()),
                    s.getMeanMonthsBetween() == null ? "" : oneDecimal(s.getMeanMonthsBetween()));
        }
        return table.render();
    }

    private static void appendFactors(StringBuilder out, String label, List<ContributingFactor> factors) {
        if (factors.isEmpty()) {
            return;
        }
        out.append("    ").append(label).append(":\n");
        for (ContributingFactor f : factors) {
            out.append(String.format(Locale.ROOT, "      - %s: %s%n", f.getCode(), f.getDescription()));
            out.append(String.format(Locale.ROOT, "          evidence: %s%n", f.getEvidence()));
            out.append(String.format(Locale.ROOT, "          source: %s (%s)%n", f.getSource(),
                    f.getEvidenceStrength()));
        }
    }

    /** The values compared, leaving out what neither scan reported. */
    static String measurements(BmdChange c) {
        StringBuilder parts = new StringBuilder();
        if (c.getEarlierZ() != null || c.getLaterZ() != null) {
            parts.append(", Z ").append(prePost(c.getEarlierZ(), c.getLaterZ()));
            if (c.getDeltaZ() != null) {
                parts.append(" (dZ ").append(signed(c.getDeltaZ())).append(')');
            }
        }
        if (c.getEarlierT() != null && c.getLaterT() != null) {
            parts.append(", T ").append(prePost(c.getEarlierT(), c.getLaterT()));
        }
        if (c.getEarlierBmd() != null && c.getLaterBmd() != null) {
            parts.append(String.format(Locale.ROOT, ", BMD %.3f -> %.3f g/cm2", c.getEarlierBmd(), c.getLaterBmd()));
            if (c.getBmdChangePercent() != null) {
                parts.append(" (").append(signed(c.getBmdChangePercent())).append("%)");
            }
        }
        return parts.toString();
    }

    static String statistic(SummaryStatistic s) {
        if (s == null || s.getN() == 0 || s.getMean() == null) {
            return "n=0";
        }
        String sd = s.getSampleSd() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.getSampleSd());
        return String.format(Locale.ROOT, "%+.2f (%s), %d", s.getMean(), sd, s.getN());
    }

    /**
     * {@code pre -> post}; a side that scan did not report reads {@value #NOT_REPORTED}, and a value neither scan
     * reported leaves the cell blank like the other columns' absent values.
     */
    static String prePost(Double earlier, Double later) {
        if (earlier == null && later == null) {
            return "";
        }
        return plain(earlier) + " -> " + plain(later);
    }

    static String plain(Double value) {
        return value == null ? NOT_REPORTED : String.format(Locale.ROOT, "%.1f", value);
    }

    static String signed(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%+.1f", value);
    }

    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The judgement of a pair: classification, basis and threshold, or why it is not comparable. */
    static String judged(BmdChange c) {
        if (c.getClassification() == ChangeClassification.NOT_COMPARABLE) {
            return "NOT_COMPARABLE" + (c.getNotComparableCause() == null ? "" : " (" + c.getNotComparableCause()
                    + ")") + (c.getNotComparableReason() == null ? "" : ": " + c.getNotComparableReason());
        }
        return c.getClassification() + " on " + c.getBasis() + "; threshold " + threshold(c)
                + (c.getThresholdSource() == null ? "" : " (" + c.getThresholdSource() + ")");
    }

    static String threshold(BmdChange c) {
        if (c.getThreshold() == null) {
            return "";
        }
        String unit = c.getThresholdUnit() == null ? "" : " " + c.getThresholdUnit();
        return String.format(Locale.ROOT, "%.2f", c.getThreshold()) + unit;
    }

    static String exposure(List<AgentExposure> exposures) {
        if (exposures.isEmpty()) {
            return "none recorded";
        }
        return exposures.stream().map(e -> e.getAgent() + " " + e.getDays() + " d"
                + (e.getOngoingAtEnd() ? ", ongoing" : "")).collect(Collectors.joining("; "));
    }
}
