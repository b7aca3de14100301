package org.plotracker.topology;

import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.SummaryStatistic;
import org.plotracker.contracts.internal.CohortAggregate;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.RunningSums;

/**
 * The cohort summary as an adder/subtractor aggregate of per-patient contributions: running n, sum and sum of squares
 * per measure, so that a retracted or replaced contribution is subtracted exactly as it was added. Work per update is
 * constant, whatever the number of patients.
 */
final class CohortStatistics {

    private CohortStatistics() {
    }

    static CohortAggregate empty() {
        return new CohortAggregate("", "", 0, sums(), sums(), sums(), 0.0);
    }

    static CohortAggregate add(String key, CohortContribution c, CohortAggregate agg) {
        return apply(c, agg, +1);
    }

    static CohortAggregate subtract(String key, CohortContribution c, CohortAggregate agg) {
        return apply(c, agg, -1);
    }

    private static CohortAggregate apply(CohortContribution c, CohortAggregate agg, int sign) {
        return CohortAggregate.newBuilder().setSite(c.getSite()).setTreatmentGroup(c.getTreatmentGroup())
                .setPatients(agg.getPatients() + sign)
                .setDeltaZ(apply(agg.getDeltaZ(), c.getDeltaZ(), sign))
                .setDeltaT(apply(agg.getDeltaT(), c.getDeltaT(), sign))
                .setBmdChangePercent(apply(agg.getBmdChangePercent(), c.getBmdChangePercent(), sign))
                .setMonthsBetweenSum(agg.getMonthsBetweenSum() + sign * c.getMonthsBetween()).build();
    }

    private static RunningSums apply(RunningSums s, Double value, int sign) {
        if (value == null) {
            return s;
        }
        return new RunningSums(s.getN() + sign, s.getSum() + sign * value, s.getSumOfSquares() + sign * value * value);
    }

    private static RunningSums sums() {
        return new RunningSums(0, 0.0, 0.0);
    }

    /** The published summary, or null (a tombstone) when no patient contributes any more. */
    static CohortSummary toSummary(CohortAggregate agg) {
        if (agg == null || agg.getPatients() <= 0) {
            return null;
        }
        return CohortSummary.newBuilder().setSite(DxaSite.valueOf(agg.getSite()))
                .setTreatmentGroup(TreatmentGroup.valueOf(agg.getTreatmentGroup())).setPatients(agg.getPatients())
                .setDeltaZ(statistic(agg.getDeltaZ())).setDeltaT(statistic(agg.getDeltaT()))
                .setBmdChangePercent(statistic(agg.getBmdChangePercent()))
                .setMeanMonthsBetween(round(agg.getMonthsBetweenSum() / agg.getPatients())).build();
    }

    static SummaryStatistic statistic(RunningSums s) {
        int n = s.getN();
        if (n <= 0) {
            return new SummaryStatistic(0, null, null);
        }
        double mean = s.getSum() / n;
        Double sd = null;
        if (n >= 2) {
            double variance = (s.getSumOfSquares() - s.getSum() * s.getSum() / n) / (n - 1);
            sd = round(Math.sqrt(Math.max(0.0, variance)));
        }
        return new SummaryStatistic(n, round(mean), sd);
    }

    /** Six decimals: hides the binary noise that adding and subtracting leaves behind. */
    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
