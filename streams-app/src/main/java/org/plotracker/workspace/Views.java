package org.plotracker.workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.WorkspaceAlert;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.contracts.internal.WorkspaceMeasurement;
import org.plotracker.contracts.internal.WorkspacePatient;

/**
 * The JSON the workspace answers with: views built from the read-side stores' values, never the stores' internal
 * records themselves (their shape may change with the topology; these are the API of {@code openapi.yaml}).
 */
public final class Views {

    private Views() {
    }

    /** {@code GET /api/patients/{id}}. */
    public record PatientView(String patientId, Summary summary, List<TimelineRow> timeline, List<ChangeRow> bmdChanges,
                              List<AlertCard> alerts) {
    }

    public record Summary(int eventCount, String indexEpisodeKind, String indexEpisodeDate, String indexDeliveryDate,
                          List<String> fracturedVertebrae, List<String> currentTreatments) {
        static Summary of(WorkspacePatient p) {
            if (p == null) {
                return null;
            }
            return new Summary(p.getEventCount(), p.getIndexEpisodeKind(), str(p.getIndexEpisodeDate()),
                    str(p.getIndexDeliveryDate()), List.copyOf(p.getFracturedVertebrae()),
                    List.copyOf(p.getCurrentTreatments()));
        }
    }

    public record TimelineRow(String date, String kind, String eventId, String summary) {
        static TimelineRow of(WorkspaceEntry e) {
            return new TimelineRow(e.getClinicalDate().toString(), e.getKind(), e.getEventId(), e.getSummary());
        }
    }

    /** One compared pair (a Table-1 row). */
    public record ChangeRow(String changeId, String patientId, String site, String status, String earlierDate,
                            String laterDate, double monthsBetween, Double earlierBmd, Double laterBmd,
                            Double bmdChangePercent, Double earlierZ, Double laterZ, Double deltaZ, Double earlierT,
                            Double laterT, Double deltaT, String basis, String classification, Double threshold,
                            String thresholdUnit, String thresholdSource, String notComparableReason,
                            String earlierDevice, String laterDevice, String treatmentGroup,
                            boolean firstFollowUpAfterEpisode, Double monthsSinceIndexEpisode) {
        static ChangeRow of(BmdChange c) {
            return new ChangeRow(c.getChangeId(), c.getPatientId(), c.getSite().name(), c.getStatus().name(),
                    c.getEarlierDate().toString(), c.getLaterDate().toString(), c.getMonthsBetween(),
                    c.getEarlierBmd(), c.getLaterBmd(), c.getBmdChangePercent(), c.getEarlierZ(), c.getLaterZ(),
                    c.getDeltaZ(), c.getEarlierT(), c.getLaterT(), c.getDeltaT(), c.getBasis().name(),
                    c.getClassification().name(), c.getThreshold(), c.getThresholdUnit(), c.getThresholdSource(),
                    c.getNotComparableReason(), c.getEarlierDevice(), c.getLaterDevice(),
                    c.getTreatmentGroup().name(), c.getFirstFollowUpAfterEpisode(), c.getMonthsSinceIndexEpisode());
        }

        boolean current() {
            return !"SUPERSEDED".equals(status);
        }
    }

    public record Acknowledgement(String by, String at, String note) {
    }

    /** An alert of any kind as the worklist and the patient page show it. */
    public record AlertCard(String alertId, String patientId, String kind, String severity, String headline,
                            String raisedAt, String status, List<String> reasons, Acknowledgement acknowledgement) {
        static AlertCard of(WorkspaceAlert a) {
            Acknowledgement ack = a.getAcknowledgedAt() == null ? null : new Acknowledgement(a.getAcknowledgedBy(),
                    a.getAcknowledgedAt().toString(), a.getAcknowledgementNote());
            return new AlertCard(a.getAlertId(), a.getPatientId(), a.getKind(), a.getSeverity(), a.getHeadline(),
                    a.getRaisedAt().toString(), a.getStatus(), List.copyOf(a.getReasons()), ack);
        }
    }

    /** {@code GET /api/patients/{id}/bmd}: the trajectory per site. */
    public record BmdView(String patientId, List<SiteTrajectory> sites, List<TreatmentPeriod> treatments) {
    }

    public record SiteTrajectory(String site, List<ScanPoint> scans, List<Comparison> comparisons) {
    }

    /** One scan at one site; {@code deviceChanged} when its device differs from the previous scan's at this site. */
    public record ScanPoint(String date, String eventId, Double bmd, Double z, Double t, String device,
                            boolean deviceChanged) {
    }

    /**
     * One compared pair with its least-significant-change band around the earlier value, in the unit it was judged
     * in: g/cm² when the basis is BMD_PERCENT, Z-score units when it is Z_SCORE; no band when not comparable.
     */
    public record Comparison(String changeId, String earlierDate, String laterDate, String basis,
                             String classification, Double bmdChangePercent, Double deltaZ, Double threshold,
                             String thresholdUnit, String thresholdSource, Double bandLow, Double bandHigh,
                             String bandUnit) {
        static Comparison of(BmdChange c) {
            Double low = null;
            Double high = null;
            String unit = null;
            if (c.getThreshold() != null) {
                if (c.getBasis().name().equals("BMD_PERCENT") && c.getEarlierBmd() != null) {
                    low = c.getEarlierBmd() * (1 - c.getThreshold() / 100.0);
                    high = c.getEarlierBmd() * (1 + c.getThreshold() / 100.0);
                    unit = "g/cm2";
                } else if (c.getBasis().name().equals("Z_SCORE") && c.getEarlierZ() != null) {
                    low = c.getEarlierZ() - c.getThreshold();
                    high = c.getEarlierZ() + c.getThreshold();
                    unit = "Z";
                }
            }
            return new Comparison(c.getChangeId(), c.getEarlierDate().toString(), c.getLaterDate().toString(),
                    c.getBasis().name(), c.getClassification().name(), c.getBmdChangePercent(), c.getDeltaZ(),
                    c.getThreshold(), c.getThresholdUnit(), c.getThresholdSource(), low, high, unit);
        }
    }

    /** A treatment from its start to its stop (null while ongoing). */
    public record TreatmentPeriod(String agent, String from, String to) {
    }

    /** {@code GET /api/worklist}: one page of open alerts across all instances. */
    public record WorklistPage(int total, int offset, int limit, List<AlertCard> items) {
    }

    /** {@code GET /api/bmd-changes}: the Table-1 rows (current pairs) across all instances. */
    public record ChangeTable(int total, int offset, int limit, List<ChangeRow> rows) {
    }

    /** {@code GET /api/cohort}: per site and treatment group, change from baseline to the first follow-up. */
    public record CohortView(List<CohortRow> groups) {
    }

    public record CohortRow(String site, String treatmentGroup, int patients, Statistic deltaZ, Statistic deltaT,
                            Statistic bmdChangePercent, Double meanMonthsBetween) {
    }

    /** n, mean and sample SD (null when n &lt; 2). */
    public record Statistic(int n, Double mean, Double sampleSd) {
    }

    /** Running sums of one site and group on one instance: merged across instances, then turned into a row. */
    public record CohortSums(String site, String treatmentGroup, int patients, double[] deltaZ, double[] deltaT,
                             double[] bmdChangePercent, double monthsBetween) {

        static Map<String, CohortSums> of(List<CohortContribution> contributions) {
            Map<String, CohortSums> sums = new LinkedHashMap<>();
            for (CohortContribution c : contributions) {
                String key = c.getSite() + "|" + c.getTreatmentGroup();
                CohortSums one = new CohortSums(c.getSite(), c.getTreatmentGroup(), 1, sum(c.getDeltaZ()),
                        sum(c.getDeltaT()), sum(c.getBmdChangePercent()), c.getMonthsBetween());
                sums.merge(key, one, CohortSums::plus);
            }
            return sums;
        }

        CohortSums plus(CohortSums o) {
            return new CohortSums(site, treatmentGroup, patients + o.patients, add(deltaZ, o.deltaZ),
                    add(deltaT, o.deltaT), add(bmdChangePercent, o.bmdChangePercent), monthsBetween + o.monthsBetween);
        }

        CohortRow row() {
            return new CohortRow(site, treatmentGroup, patients, statistic(deltaZ), statistic(deltaT),
                    statistic(bmdChangePercent), patients == 0 ? null : monthsBetween / patients);
        }

        private static double[] sum(Double value) {
            return value == null ? new double[] {0, 0, 0} : new double[] {1, value, value * value};
        }

        private static double[] add(double[] a, double[] b) {
            return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
        }

        private static Statistic statistic(double[] s) {
            int n = (int) s[0];
            if (n == 0) {
                return new Statistic(0, null, null);
            }
            double mean = s[1] / n;
            Double sd = n < 2 ? null : Math.sqrt(Math.max(0, (s[2] - n * mean * mean) / (n - 1)));
            return new Statistic(n, mean, sd);
        }
    }

    /** Builds the trajectory view of one patient from her entries (clinical order) and her change rows. */
    static BmdView bmd(String patientId, List<WorkspaceEntry> entries, List<BmdChange> changes) {
        Map<String, List<ScanPoint>> scans = new LinkedHashMap<>();
        Map<String, String> lastDevice = new LinkedHashMap<>();
        List<TreatmentPeriod> periods = new ArrayList<>();
        Map<String, String> open = new LinkedHashMap<>();
        for (WorkspaceEntry e : entries) {
            String date = e.getClinicalDate().toString();
            if (e.getKind().equals("DXA_SCAN")) {
                for (WorkspaceMeasurement m : e.getMeasurements()) {
                    String before = lastDevice.put(m.getSite(), e.getDevice());
                    scans.computeIfAbsent(m.getSite(), s -> new ArrayList<>()).add(new ScanPoint(date,
                            e.getEventId(), m.getBmd(), m.getZ(), m.getT(), e.getDevice(),
                            before != null && !before.equals(e.getDevice())));
                }
            } else if (e.getKind().equals("TREATMENT") && e.getAgent() != null) {
                switch (e.getAction() == null ? "" : e.getAction()) {
                    case "STARTED" -> open.putIfAbsent(e.getAgent(), date);
                    case "STOPPED" -> close(open, periods, e.getAgent(), date);
                    case "CHANGED" -> {
                        if (e.getPreviousAgent() != null) {
                            close(open, periods, e.getPreviousAgent(), date);
                        }
                        open.putIfAbsent(e.getAgent(), date);
                    }
                    default -> { }
                }
            }
        }
        open.forEach((agent, from) -> periods.add(new TreatmentPeriod(agent, from, null)));
        List<SiteTrajectory> sites = new ArrayList<>();
        scans.forEach((site, points) -> sites.add(new SiteTrajectory(site, points, changes.stream()
                .filter(c -> c.getSite().name().equals(site) && !c.getStatus().name().equals("SUPERSEDED"))
                .sorted(java.util.Comparator.comparing(BmdChange::getLaterDate))
                .map(Comparison::of).toList())));
        return new BmdView(patientId, sites, periods);
    }

    private static void close(Map<String, String> open, List<TreatmentPeriod> periods, String agent, String date) {
        String from = open.remove(agent);
        periods.add(new TreatmentPeriod(agent, from, date));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }
}
