package org.plotracker.rules;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives a patient's follow-up plan from her follow-up facts (docs/rules.md, "Follow-up"): what should happen, by
 * when, whether it did, and her fracture-liaison KPI measures. Pure: the plan is a function of the facts alone; time
 * enters only through {@link KpiMeasure#outcomeOn} and {@link #reminderInstants}, which the caller gives its clock.
 *
 * <ul>
 *   <li>After a PLO index fracture ({@link IndexEpisodeRule}): a DXA within {@code initialDxaWeeks} and a treatment
 *       decision within {@code treatmentDecisionWeeks}; the KPI "on treatment at {@code onTreatmentWeeks}".</li>
 *   <li>A monitoring DXA {@code monitoringDxaMonths} after starting or changing therapy, then yearly after each
 *       monitoring scan while on therapy or while the scan's lowest Z is at or below {@link RulesConfig#lowZScore()}
 *       (a low-Z scan with no plan running starts one too).</li>
 *   <li>Denosumab: the next dose {@code denosumabIntervalMonths} after each dose; reminders from {@code
 *       denosumabLateMonths} plus a day on are HIGH (rebound risk).</li>
 *   <li>Teriparatide: a reminder {@code teriparatideWarningMonths} before the cumulative exposure reaches the lifetime
 *       limit.</li>
 *   <li>A delivery after the index episode: a DXA within {@code postpartumDxaMonths}.</li>
 * </ul>
 */
public final class FollowUpRule {

    private static final Set<Agent> EXPOSURES = EnumSet.of(Agent.LMW_HEPARIN, Agent.GLUCOCORTICOID);
    private static final Set<TreatmentChange.Action> STARTS = EnumSet.of(TreatmentChange.Action.STARTED,
            TreatmentChange.Action.CHANGED, TreatmentChange.Action.ADMINISTERED);
    private static final long DAY_MS = 86_400_000L;

    private final RulesConfig rules;
    private final FollowUpConfig config;
    private final IndexEpisodeRule episodes;
    private final TreatmentExposureRule exposure = new TreatmentExposureRule();

    public FollowUpRule(RulesConfig rules) {
        this.rules = rules;
        this.config = rules.followUp();
        this.episodes = new IndexEpisodeRule(rules);
    }

    /** The plan for these facts (any order; each event once, in its version in force). */
    public FollowUpPlan plan(List<FollowUpFact> facts) {
        List<FollowUpFact> sorted = facts.stream().sorted(Comparator.comparing(FollowUpFact::date)
                .thenComparing(FollowUpFact::eventId)).toList();
        List<FollowUpFact> deliveries = ofKind(sorted, FollowUpFact.Kind.DELIVERY);
        List<FollowUpFact> fractures = ofKind(sorted, FollowUpFact.Kind.FRACTURE);
        List<FollowUpFact> scans = ofKind(sorted, FollowUpFact.Kind.SCAN);
        List<FollowUpFact> treatments = ofKind(sorted, FollowUpFact.Kind.TREATMENT);
        List<FollowUpItem> items = new ArrayList<>();
        List<KpiMeasure> kpis = new ArrayList<>();

        indexEpisode(deliveries, fractures).ifPresent(episode -> {
            afterIndexFracture(episode, scans, treatments, items, kpis);
            afterLaterDeliveries(episode, deliveries, scans, items);
        });
        monitoring(scans, treatments, items, kpis);
        denosumab(treatments, items, kpis);
        teriparatide(treatments, items);

        items.sort(Comparator.comparing(FollowUpItem::dueDate).thenComparing(FollowUpItem::itemId));
        kpis.sort(Comparator.comparing(KpiMeasure::key));
        return new FollowUpPlan(items, kpis);
    }

    /**
     * The instants (epoch ms, tracker clock) at which reminders for an open item fall due, in order: the first on
     * {@code remindFrom} (never before the item could be known), then every {@code escalationDays} up to
     * {@code maxEscalations} repeats, plus one on the day the item becomes HIGH when that is later than the first.
     * Escalation number n is the n-th instant (0 = the first reminder).
     */
    public List<Long> reminderInstants(FollowUpItem item) {
        long first = Math.max(startOfDay(item.remindFrom()), item.knownAtMs());
        TreeSet<Long> instants = new TreeSet<>();
        for (int k = 0; k <= config.maxEscalations(); k++) {
            instants.add(first + k * config.escalationDays() * DAY_MS);
        }
        if (item.highFrom() != null && startOfDay(item.highFrom()) > first) {
            instants.add(startOfDay(item.highFrom()));
        }
        return List.copyOf(instants);
    }

    /** Severity of a reminder for {@code item} sent at {@code instantMs}: HIGH from {@code highFrom} on. */
    public Severity severityAt(FollowUpItem item, long instantMs) {
        return item.highFrom() != null && instantMs >= startOfDay(item.highFrom()) ? Severity.HIGH : Severity.MODERATE;
    }

    /** Midnight UTC starting {@code day}, epoch ms: clinical dates become tracker-clock instants this way. */
    public static long startOfDay(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The UTC date of a tracker-clock instant. */
    public static LocalDate dayOf(long instantMs) {
        return LocalDate.ofEpochDay(Math.floorDiv(instantMs, DAY_MS));
    }

    private Optional<Episode> indexEpisode(List<FollowUpFact> deliveries, List<FollowUpFact> fractures) {
        if (deliveries.isEmpty() || fractures.isEmpty()) {
            return Optional.empty();
        }
        PatientHistory history = new PatientHistory("follow-up",
                deliveries.stream().map(d -> new Delivery(d.eventId(), d.date())).toList(), List.of(),
                fractures.stream().map(f -> new FractureDiagnosis(f.eventId(), f.date(), f.fragility(), List.of(),
                        List.of())).toList(), List.of(), List.of());
        return episodes.find(history).filter(e -> e.kind() == IndexEpisode.Kind.FRAGILITY_FRACTURE).map(e -> {
            FollowUpFact fracture = byId(fractures, e.qualifyingEventIds().get(0));
            FollowUpFact delivery = byId(deliveries, e.indexDelivery().eventId());
            return new Episode(fracture, delivery, Math.max(fracture.knownAtMs(), delivery.knownAtMs()));
        });
    }

    private record Episode(FollowUpFact fracture, FollowUpFact delivery, long knownAtMs) {
        LocalDate date() {
            return fracture.date();
        }
    }

    private void afterIndexFracture(Episode episode, List<FollowUpFact> scans,
                                    List<FollowUpFact> treatments, List<FollowUpItem> items, List<KpiMeasure> kpis) {
        LocalDate anchor = episode.date();
        LocalDate countFrom = anchor.minusDays(rules.baselineLookbackDays());
        String month = YearMonth.from(anchor).toString();
        String source = episode.fracture().sourceSystem();

        LocalDate dxaDue = anchor.plusWeeks(config.initialDxaWeeks());
        FollowUpItem dxa = item(FollowUpKind.INITIAL_DXA, episode.fracture(), dxaDue, dxaDue.plusDays(
                        config.graceDays() + 1L), null, episode.knownAtMs(),
                "PLO index fracture on " + anchor + ": DXA due within " + config.initialDxaWeeks() + " weeks (by "
                        + dxaDue + ")",
                FollowUpConfig.SOURCE_IOF_KPI + "; " + FollowUpConfig.SOURCE_FLS_DB,
                "a DXA scan dated on or after " + countFrom + " (" + rules.baselineLookbackDays()
                        + " days before the fracture count as its work-up)");
        FollowUpFact scan = first(scans, f -> !f.date().isBefore(countFrom));
        items.add(scan == null ? dxa : dxa.satisfied(scan.eventId(), scan.date()));
        kpis.add(new KpiMeasure(Kpi.DXA_WITHIN_12_WEEKS, anchor.toString(), month, source, dxaDue,
                scan == null ? null : !scan.date().isAfter(dxaDue)));

        LocalDate decisionDue = anchor.plusWeeks(config.treatmentDecisionWeeks());
        FollowUpItem decision = item(FollowUpKind.TREATMENT_DECISION, episode.fracture(), decisionDue,
                decisionDue.plusDays(config.graceDays() + 1L), null, episode.knownAtMs(),
                "PLO index fracture on " + anchor + ": treatment started, or a documented decision, due within "
                        + config.treatmentDecisionWeeks() + " weeks (by " + decisionDue + ")",
                FollowUpConfig.SOURCE_IOF_KPI,
                "a treatment record (STARTED, CHANGED or ADMINISTERED; agent OTHER or WEANING_ADVISED documents a"
                        + " decision not to start bone therapy) dated on or after " + countFrom);
        FollowUpFact decided = first(treatments, f -> !f.date().isBefore(countFrom) && STARTS.contains(f.action())
                && !EXPOSURES.contains(f.agent()));
        items.add(decided == null ? decision : decision.satisfied(decided.eventId(), decided.date()));
        kpis.add(new KpiMeasure(Kpi.TREATMENT_DECISION_WITHIN_16_WEEKS, anchor.toString(), month, source,
                decisionDue, decided == null ? null : !decided.date().isAfter(decisionDue)));

        LocalDate checkpoint = anchor.plusWeeks(config.onTreatmentWeeks());
        boolean onTreatment = onTherapy(treatments, checkpoint);
        kpis.add(new KpiMeasure(Kpi.ON_TREATMENT_AT_52_WEEKS, anchor.toString(), month, source, checkpoint,
                onTreatment ? Boolean.TRUE : null));
    }

    private void afterLaterDeliveries(Episode episode, List<FollowUpFact> deliveries,
                                      List<FollowUpFact> scans, List<FollowUpItem> items) {
        for (FollowUpFact delivery : deliveries) {
            if (!delivery.date().isAfter(episode.delivery().date())) {
                continue;
            }
            LocalDate due = delivery.date().plusMonths(config.postpartumDxaMonths());
            FollowUpItem item = item(FollowUpKind.POSTPARTUM_DXA, delivery, due,
                    due.plusDays(config.graceDays() + 1L), null, delivery.knownAtMs(),
                    "Delivery on " + delivery.date() + " after the PLO index fracture of " + episode.date()
                            + ": DXA due within " + config.postpartumDxaMonths() + " months (by " + due + ")",
                    FollowUpConfig.SOURCE_POSTPARTUM,
                    "a DXA scan dated on or after " + delivery.date());
            FollowUpFact scan = first(scans, f -> !f.date().isBefore(delivery.date()));
            items.add(scan == null ? item : item.satisfied(scan.eventId(), scan.date()));
        }
    }

    /** The monitoring chain: therapy starts and changes re-anchor it, monitoring scans satisfy and renew it. */
    private void monitoring(List<FollowUpFact> scans, List<FollowUpFact> treatments, List<FollowUpItem> items,
                            List<KpiMeasure> kpis) {
        List<FollowUpFact> timeline = new ArrayList<>(therapyStarts(treatments));
        timeline.addAll(scans);
        timeline.sort(Comparator.comparing(FollowUpFact::date)
                .thenComparing(f -> f.kind() == FollowUpFact.Kind.SCAN ? 1 : 0).thenComparing(FollowUpFact::eventId));
        FollowUpItem current = null;
        for (FollowUpFact f : timeline) {
            if (f.kind() == FollowUpFact.Kind.TREATMENT) {
                if (current != null && f.date().isAfter(current.dueDate())) {
                    kpis.add(monitoringKpi(current, Boolean.FALSE)); // overdue, then superseded by the change
                }
                current = monitoringItem(f, f.agent() + " " + f.action().name().toLowerCase() + " on " + f.date());
                continue;
            }
            boolean low = f.lowestZ() != null && f.lowestZ() <= rules.lowZScore() + Numbers.TOLERANCE;
            if (current != null
                    && !f.date().isBefore(current.anchorDate().plusMonths(config.monitoringDxaMinMonths()))) {
                FollowUpItem met = current.satisfied(f.eventId(), f.date());
                items.add(met);
                kpis.add(monitoringKpi(met, !f.date().isAfter(met.dueDate())));
                current = null;
                boolean treated = onTherapy(treatments, f.date());
                if (treated || low) {
                    current = monitoringItem(f, "monitoring DXA on " + f.date() + (treated ? " while on therapy"
                            : " with Z " + f.lowestZ() + " <= " + rules.lowZScore()));
                }
            } else if (current == null && low) {
                current = monitoringItem(f, "DXA on " + f.date() + " with Z " + f.lowestZ() + " <= "
                        + rules.lowZScore());
            }
        }
        if (current != null) {
            items.add(current);
            kpis.add(monitoringKpi(current, null));
        }
    }

    private FollowUpItem monitoringItem(FollowUpFact anchor, String why) {
        LocalDate due = anchor.date().plusMonths(config.monitoringDxaMonths());
        return item(FollowUpKind.MONITORING_DXA, anchor, due, due.plusDays(config.graceDays() + 1L), null,
                anchor.knownAtMs(), capitalized(why) + ": monitoring DXA due "
                        + config.monitoringDxaMonths() + " months later (by " + due + ")",
                FollowUpConfig.SOURCE_MONITORING,
                "a DXA scan dated on or after " + anchor.date().plusMonths(config.monitoringDxaMinMonths())
                        + " (earlier scans repeat the baseline)");
    }

    private static KpiMeasure monitoringKpi(FollowUpItem item, Boolean met) {
        return new KpiMeasure(Kpi.FOLLOW_UP_DXA_ON_TIME, item.anchorDate().toString(),
                YearMonth.from(item.dueDate()).toString(), item.sourceSystem(), item.dueDate(), met);
    }

    /** Starts of therapy periods (antiresorptive, anabolic or calcium/vitamin D), in date order. */
    private static List<FollowUpFact> therapyStarts(List<FollowUpFact> treatments) {
        Set<Agent> open = EnumSet.noneOf(Agent.class);
        List<FollowUpFact> starts = new ArrayList<>();
        for (FollowUpFact t : treatments) {
            switch (t.action()) {
                case STARTED, ADMINISTERED -> {
                    if (therapy(t.agent()) && open.add(t.agent())) {
                        starts.add(t);
                    }
                }
                case STOPPED -> open.remove(t.agent());
                case CHANGED -> {
                    if (t.previousAgent() != null) {
                        open.remove(t.previousAgent());
                    }
                    if (therapy(t.agent()) && open.add(t.agent())) {
                        starts.add(t);
                    }
                }
            }
        }
        return starts;
    }

    private void denosumab(List<FollowUpFact> treatments, List<FollowUpItem> items, List<KpiMeasure> kpis) {
        Map<LocalDate, FollowUpFact> doses = new LinkedHashMap<>();
        for (FollowUpFact t : treatments) {
            if (t.agent() == Agent.DENOSUMAB && STARTS.contains(t.action())) {
                doses.putIfAbsent(t.date(), t);
            }
        }
        List<FollowUpFact> followOn = treatments.stream().filter(t -> STARTS.contains(t.action())
                && t.agent() != Agent.DENOSUMAB && t.agent().isOsteoporosisTherapy()).toList();
        List<FollowUpFact> stops = treatments.stream().filter(t -> t.agent() == Agent.DENOSUMAB
                && t.action() == TreatmentChange.Action.STOPPED).toList();
        List<FollowUpFact> ordered = List.copyOf(doses.values());
        for (int i = 0; i < ordered.size(); i++) {
            FollowUpFact dose = ordered.get(i);
            LocalDate due = dose.date().plusMonths(config.denosumabIntervalMonths());
            LocalDate late = dose.date().plusMonths(config.denosumabLateMonths());
            FollowUpFact nextDose = i + 1 < ordered.size() ? ordered.get(i + 1) : null;
            FollowUpFact switched = first(followOn, f -> f.date().isAfter(dose.date()));
            FollowUpFact met = nextDose == null ? switched
                    : switched == null || !switched.date().isBefore(nextDose.date()) ? nextDose : switched;
            FollowUpFact stopped = first(stops, f -> !f.date().isBefore(dose.date()));
            String why = "Denosumab dose on " + dose.date() + ": next dose due " + config.denosumabIntervalMonths()
                    + " months later (by " + due + "); more than " + config.denosumabLateMonths()
                    + " months after a dose (from " + late.plusDays(1) + ") the risk of rebound multiple vertebral"
                    + " fractures rises"
                    + (stopped == null ? "" : "; denosumab recorded as stopped on " + stopped.date()
                    + " without follow-on therapy");
            FollowUpItem item = item(FollowUpKind.DENOSUMAB_DOSE, dose, due, due.plusDays(config.graceDays() + 1L),
                    late.plusDays(1), dose.knownAtMs(), why,
                    FollowUpConfig.SOURCE_DENOSUMAB_INTERVAL + "; " + FollowUpConfig.SOURCE_DENOSUMAB_DELAY,
                    "a denosumab dose (ADMINISTERED) or the start of follow-on osteoporosis therapy");
            items.add(met == null ? item : item.satisfied(met.eventId(), met.date()));
            kpis.add(new KpiMeasure(Kpi.DENOSUMAB_DOSE_ON_TIME, dose.date().toString(), YearMonth.from(due).toString(),
                    dose.sourceSystem(), late, met == null ? null : !met.date().isAfter(late)));
        }
    }

    private void teriparatide(List<FollowUpFact> treatments, List<FollowUpItem> items) {
        List<TreatmentChange> changes = treatments.stream().map(FollowUpFact::asTreatmentChange).toList();
        List<TreatmentExposureRule.Period> periods = exposure.periods(changes).stream()
                .filter(p -> p.agent() == Agent.TERIPARATIDE)
                .sorted(Comparator.comparing(TreatmentExposureRule.Period::start)).toList();
        if (periods.isEmpty()) {
            return;
        }
        long limitDays = Math.round(config.teriparatideLifetimeMonths() * ClinicalDates.DAYS_PER_MONTH);
        long earlier = 0;
        for (int i = 0; i < periods.size() - 1; i++) {
            earlier += ClinicalDates.daysBetween(periods.get(i).start(), periods.get(i).stop());
        }
        TreatmentExposureRule.Period last = periods.get(periods.size() - 1);
        LocalDate due = last.start().plusDays(Math.max(0, limitDays - earlier));
        LocalDate remindFrom = due.minusMonths(config.teriparatideWarningMonths());
        if (last.stop() != null && last.stop().isBefore(remindFrom)) {
            return;
        }
        FollowUpFact anchor = first(treatments, t -> t.agent() == Agent.TERIPARATIDE && STARTS.contains(t.action())
                && t.date().equals(last.start()));
        if (anchor == null) {
            anchor = first(treatments, t -> t.kind() == FollowUpFact.Kind.TREATMENT && t.date().equals(last.start()));
        }
        FollowUpItem item = item(FollowUpKind.TERIPARATIDE_LIMIT, anchor, due, remindFrom, due.plusDays(1),
                anchor.knownAtMs(), "Teriparatide since " + last.start() + (earlier > 0 ? " after " + earlier
                        + " days of earlier courses" : "") + ": the " + config.teriparatideLifetimeMonths()
                        + "-month lifetime limit is reached on " + due,
                FollowUpConfig.SOURCE_TERIPARATIDE,
                "teriparatide STOPPED, or CHANGED to a follow-on antiresorptive");
        if (last.stop() != null) {
            FollowUpFact stop = first(treatments, t -> t.date().equals(last.stop())
                    && (t.agent() == Agent.TERIPARATIDE || t.previousAgent() == Agent.TERIPARATIDE));
            item = item.satisfied(stop == null ? anchor.eventId() : stop.eventId(), last.stop());
        }
        items.add(item);
    }

    private boolean onTherapy(List<FollowUpFact> treatments, LocalDate day) {
        List<TreatmentChange> changes = treatments.stream().map(FollowUpFact::asTreatmentChange).toList();
        return exposure.ongoingOn(changes, day).stream().anyMatch(FollowUpRule::therapy);
    }

    private static boolean therapy(Agent agent) {
        return agent.group() != TreatmentGroup.NONE;
    }

    private FollowUpItem item(FollowUpKind kind, FollowUpFact anchor, LocalDate due, LocalDate remindFrom,
                              LocalDate highFrom, long knownAtMs, String reason, String source, String satisfiedBy) {
        return new FollowUpItem(kind + "@" + anchor.date(), kind, anchor.eventId(), anchor.date(),
                anchor.sourceSystem(), due, remindFrom, highFrom, knownAtMs, null, null, reason, source,
                satisfiedBy);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static List<FollowUpFact> ofKind(List<FollowUpFact> facts, FollowUpFact.Kind kind) {
        return facts.stream().filter(f -> f.kind() == kind).toList();
    }

    private static FollowUpFact byId(List<FollowUpFact> facts, String eventId) {
        return facts.stream().filter(f -> f.eventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no fact " + eventId));
    }

    private static FollowUpFact first(List<FollowUpFact> facts, java.util.function.Predicate<FollowUpFact> test) {
        return facts.stream().filter(test).findFirst().orElse(null);
    }
}
