package org.plotracker.followup;

import java.util.ArrayList;
import java.util.List;
import org.plotracker.contracts.derived.FlsKpi;
import org.plotracker.contracts.derived.KpiFraction;
import org.plotracker.contracts.internal.KpiAggregate;
import org.plotracker.contracts.internal.KpiContribution;
import org.plotracker.rules.Kpi;

/**
 * The KPI table as an adder/subtractor aggregate of per-patient contributions: a met measure adds one to its KPI's
 * numerator and denominator, a missed one to the denominator only, and a retracted or replaced contribution is
 * subtracted exactly as it was added. Work per update is constant, whatever the number of patients.
 */
final class KpiStatistics {

    private KpiStatistics() {
    }

    static KpiAggregate empty() {
        return new KpiAggregate("", "", zeros(), zeros());
    }

    static KpiAggregate add(String key, KpiContribution c, KpiAggregate agg) {
        return apply(c, agg, +1);
    }

    static KpiAggregate subtract(String key, KpiContribution c, KpiAggregate agg) {
        return apply(c, agg, -1);
    }

    private static KpiAggregate apply(KpiContribution c, KpiAggregate agg, int sign) {
        int kpi = Kpi.valueOf(c.getKpi()).ordinal();
        List<Integer> numerators = padded(agg.getNumerators());
        List<Integer> denominators = padded(agg.getDenominators());
        denominators.set(kpi, denominators.get(kpi) + sign);
        if (c.getMet()) {
            numerators.set(kpi, numerators.get(kpi) + sign);
        }
        return new KpiAggregate(c.getReportingMonth(), c.getSourceSystem(), numerators, denominators);
    }

    /** The published row, or null (a tombstone) when no measure counts any more. */
    static FlsKpi toRow(KpiAggregate agg) {
        if (agg == null || padded(agg.getDenominators()).stream().allMatch(d -> d <= 0)) {
            return null;
        }
        return FlsKpi.newBuilder().setReportingMonth(agg.getReportingMonth()).setSourceSystem(agg.getSourceSystem())
                .setDxaWithin12Weeks(fraction(agg, Kpi.DXA_WITHIN_12_WEEKS))
                .setTreatmentDecisionWithin16Weeks(fraction(agg, Kpi.TREATMENT_DECISION_WITHIN_16_WEEKS))
                .setOnTreatmentAt52Weeks(fraction(agg, Kpi.ON_TREATMENT_AT_52_WEEKS))
                .setFollowUpDxaOnTime(fraction(agg, Kpi.FOLLOW_UP_DXA_ON_TIME))
                .setDenosumabDoseOnTime(fraction(agg, Kpi.DENOSUMAB_DOSE_ON_TIME)).build();
    }

    private static KpiFraction fraction(KpiAggregate agg, Kpi kpi) {
        return new KpiFraction(padded(agg.getNumerators()).get(kpi.ordinal()),
                padded(agg.getDenominators()).get(kpi.ordinal()));
    }

    private static List<Integer> padded(List<Integer> values) {
        List<Integer> out = new ArrayList<>(values);
        while (out.size() < Kpi.values().length) {
            out.add(0);
        }
        return out;
    }

    private static List<Integer> zeros() {
        return padded(List.of());
    }
}
