package org.plotracker.app.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plotracker.contracts.derived.FlsKpi;
import org.plotracker.contracts.derived.FollowUpStatus;
import org.plotracker.contracts.derived.KpiFraction;
import org.plotracker.contracts.derived.OpenFollowUpItem;

/**
 * The follow-up part of the demo report: every patient's open follow-up items, most overdue first, as of the date the
 * tracker judged by, and the fracture-liaison KPI table (latest row per reporting month and source system).
 */
public final class FollowUpReport {

    private FollowUpReport() {
    }

    /** Open items from the status rows (latest per patient), most overdue first, as of {@code today}. */
    public static String worklist(List<TopicRecord<FollowUpStatus>> statusRecords, LocalDate today) {
        Map<String, FollowUpStatus> latest = new LinkedHashMap<>();
        statusRecords.forEach(r -> latest.put(r.key(), r.value()));
        List<Object[]> rows = new ArrayList<>();
        latest.values().stream().filter(s -> s != null).forEach(s -> s.getOpenItems().forEach(i -> rows.add(
                new Object[] {s.getPatientId(), i})));
        rows.sort(Comparator.comparing((Object[] r) -> ((OpenFollowUpItem) r[1]).getDueDate())
                .thenComparing(r -> (String) r[0]));
        TextTable table = TextTable.withColumns("patient", "item", "due", "overdue (days)", "severity", "reminders",
                "what would satisfy it");
        for (Object[] r : rows) {
            OpenFollowUpItem i = (OpenFollowUpItem) r[1];
            long overdue = ChronoUnit.DAYS.between(i.getDueDate(), today);
            table.row(r[0], i.getItemId(), i.getDueDate(), overdue > 0 ? Long.toString(overdue) : "-",
                    i.getSeverity(), i.getRemindersSent(), i.getSatisfiedBy());
        }
        return rows.isEmpty() ? "No open follow-up items.\n" : table.render();
    }

    /** The KPI table: numerator/denominator per KPI, one row per reporting month and source system. */
    public static String kpiTable(List<TopicRecord<FlsKpi>> kpiRecords) {
        Map<String, FlsKpi> latest = new LinkedHashMap<>();
        kpiRecords.forEach(r -> latest.put(r.key(), r.value()));
        TextTable table = TextTable.withColumns("month", "source", "DXA <= 12 wk", "decision <= 16 wk",
                "on treatment 52 wk", "follow-up DXA on time", "denosumab on time");
        latest.values().stream().filter(k -> k != null).sorted(Comparator.comparing(FlsKpi::getReportingMonth)
                .thenComparing(FlsKpi::getSourceSystem)).forEach(k -> table.row(k.getReportingMonth(),
                k.getSourceSystem(), fraction(k.getDxaWithin12Weeks()), fraction(k.getTreatmentDecisionWithin16Weeks()),
                fraction(k.getOnTreatmentAt52Weeks()), fraction(k.getFollowUpDxaOnTime()),
                fraction(k.getDenosumabDoseOnTime())));
        return table.render();
    }

    static String fraction(KpiFraction f) {
        return f.getDenominator() == 0 ? "-" : f.getNumerator() + "/" + f.getDenominator();
    }
}
