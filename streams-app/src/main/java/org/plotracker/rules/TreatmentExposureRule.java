package org.plotracker.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds treatment periods from STARTED / STOPPED / CHANGED / ADMINISTERED records (in clinical-date order) and
 * measures each agent's exposure within an interval [from, to): a period [start, stop) overlapping it contributes its
 * overlapping days. A STOPPED or CHANGED without an open period, or a repeated STARTED, changes nothing. An agent with
 * no STOPPED record is ongoing (a single-infusion agent such as zoledronate therefore counts as ongoing: its effect
 * lasts years).
 *
 * <p>ADMINISTERED is one dose given (a denosumab injection, a zoledronate infusion): with no open period of its agent
 * it starts one on the dose's date, as a STARTED would (a clinic that records only doses still gets periods); with an
 * open period it continues it and changes nothing. A dose never closes a period: only STOPPED or CHANGED do, so a
 * missed dose shows as an overdue follow-up item, not as a stopped treatment.
 */
public final class TreatmentExposureRule {

    /** A period during which one agent was taken; {@code stop} is null while ongoing. */
    public record Period(Agent agent, LocalDate start, LocalDate stop) {
        boolean ongoingOn(LocalDate day) {
            return !start.isAfter(day) && (stop == null || stop.isAfter(day));
        }
    }

    public List<Period> periods(List<TreatmentChange> changes) {
        Map<Agent, LocalDate> open = new EnumMap<>(Agent.class);
        List<Period> periods = new ArrayList<>();
        for (TreatmentChange c : changes) {
            switch (c.action()) {
                case STARTED, ADMINISTERED -> open.putIfAbsent(c.agent(), c.date());
                case STOPPED -> close(open, periods, c.agent(), c.date());
                case CHANGED -> {
                    close(open, periods, c.previousAgent(), c.date());
                    open.putIfAbsent(c.agent(), c.date());
                }
            }
        }
        open.forEach((agent, start) -> periods.add(new Period(agent, start, null)));
        return periods;
    }

    private static void close(Map<Agent, LocalDate> open, List<Period> periods, Agent agent, LocalDate day) {
        LocalDate start = open.remove(agent);
        if (start != null) {
            periods.add(new Period(agent, start, day));
        }
    }

    /** Exposure within [from, to). */
    public TreatmentExposure during(List<TreatmentChange> changes, LocalDate from, LocalDate to) {
        return duringPeriods(periods(changes), from, to);
    }

    /** Exposure within [from, to) of periods already rebuilt ({@link #periods}): for many intervals of one history. */
    public TreatmentExposure duringPeriods(List<Period> periods, LocalDate from, LocalDate to) {
        Map<Agent, Integer> days = new EnumMap<>(Agent.class);
        Map<Agent, Boolean> ongoing = new EnumMap<>(Agent.class);
        for (Period p : periods) {
            LocalDate start = p.start().isAfter(from) ? p.start() : from;
            LocalDate end = p.stop() == null || p.stop().isAfter(to) ? to : p.stop();
            long overlap = ClinicalDates.daysBetween(start, end);
            if (overlap > 0) {
                days.merge(p.agent(), (int) overlap, Integer::sum);
                if (p.ongoingOn(to)) {
                    ongoing.put(p.agent(), true);
                }
            }
        }
        TreatmentGroup group = TreatmentGroup.NONE;
        List<AgentExposure> exposures = new ArrayList<>();
        for (Map.Entry<Agent, Integer> e : days.entrySet()) {
            exposures.add(new AgentExposure(e.getKey(), e.getValue(), ongoing.getOrDefault(e.getKey(), false)));
            group = group.morePotent(e.getKey().group());
        }
        return new TreatmentExposure(exposures, group);
    }

    /** Agents being taken on {@code day}. */
    public List<Agent> ongoingOn(List<TreatmentChange> changes, LocalDate day) {
        return periods(changes).stream().filter(p -> p.ongoingOn(day)).map(Period::agent).distinct().sorted().toList();
    }
}
