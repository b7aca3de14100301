package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FollowUpRuleTest {

    private static final long DAY = 86_400_000L;
    private final FollowUpRule rule = new FollowUpRule(RulesConfig.defaults());

    /** Facts recorded at noon UTC of their clinical day. */
    private static final class Facts {
        private final List<FollowUpFact> facts = new ArrayList<>();
        private int n;

        private static long noon(String date) {
            return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        }

        Facts delivery(String date) {
            facts.add(FollowUpFact.delivery("d" + ++n, LocalDate.parse(date), noon(date), "clinic-a"));
            return this;
        }

        Facts fracture(String date) {
            facts.add(FollowUpFact.fracture("f" + ++n, LocalDate.parse(date), noon(date), "clinic-a", true));
            return this;
        }

        Facts scan(String date, Double z) {
            facts.add(FollowUpFact.scan("s" + ++n, LocalDate.parse(date), noon(date), "clinic-a", z));
            return this;
        }

        Facts treatment(String date, TreatmentChange.Action action, Agent agent) {
            facts.add(FollowUpFact.treatment("t" + ++n, LocalDate.parse(date), noon(date), "clinic-a", action, agent,
                    null));
            return this;
        }

        Facts changed(String date, Agent from, Agent to) {
            facts.add(FollowUpFact.treatment("t" + ++n, LocalDate.parse(date), noon(date), "clinic-a",
                    TreatmentChange.Action.CHANGED, to, from));
            return this;
        }

        List<FollowUpFact> list() {
            return facts;
        }
    }

    private FollowUpItem only(FollowUpPlan plan, FollowUpKind kind) {
        List<FollowUpItem> of = plan.items().stream().filter(i -> i.kind() == kind).toList();
        assertThat(of).as("items of kind %s", kind).hasSize(1);
        return of.get(0);
    }

    private KpiMeasure kpi(FollowUpPlan plan, Kpi kpi) {
        return plan.kpis().stream().filter(k -> k.kpi() == kpi).findFirst().orElseThrow();
    }

    private static Facts indexFracture() {
        return new Facts().delivery("2024-01-01").fracture("2024-02-01");
    }

    @Nested
    class AfterAnIndexFracture {

        @Test
        void dxaIsDueTwelveWeeksAfterTheFractureAndRemindedAfterTheGracePeriod() {
            FollowUpItem dxa = only(rule.plan(indexFracture().list()), FollowUpKind.INITIAL_DXA);
            assertThat(dxa.itemId()).isEqualTo("INITIAL_DXA@2024-02-01");
            assertThat(dxa.dueDate()).isEqualTo("2024-04-25"); // 2024-02-01 + 84 days
            assertThat(dxa.remindFrom()).isEqualTo("2024-05-10"); // due + 14 days grace, then the next day
            assertThat(dxa.open()).isTrue();
            assertThat(dxa.source()).contains("Javaid et al., Osteoporos Int 2020").contains("FLS-DB");
            FollowUpItem decision = only(rule.plan(indexFracture().list()), FollowUpKind.TREATMENT_DECISION);
            assertThat(decision.dueDate()).isEqualTo("2024-05-23"); // + 112 days
        }

        @ParameterizedTest(name = "DXA on {0}: KPI met {1}")
        @CsvSource({"2024-04-24, true", "2024-04-25, true", "2024-04-26, false", "2023-11-03, true",
                "2023-11-02, "})
        void theDxaKpiIsMetUpToTheDueDayInclusive(String scanDate, Boolean met) {
            FollowUpPlan plan = rule.plan(indexFracture().scan(scanDate, -2.1).list());
            KpiMeasure m = kpi(plan, Kpi.DXA_WITHIN_12_WEEKS);
            assertThat(m.met()).isEqualTo(met);
            assertThat(m.reportingMonth()).isEqualTo("2024-02");
            assertThat(m.sourceSystem()).isEqualTo("clinic-a");
        }

        @Test
        void anUnmetDxaKpiIsOpenThroughItsDueDayAndMissedFromTheNextDay() {
            KpiMeasure m = kpi(rule.plan(indexFracture().list()), Kpi.DXA_WITHIN_12_WEEKS);
            assertThat(m.outcomeOn(LocalDate.parse("2024-04-25"))).isNull();
            assertThat(m.outcomeOn(LocalDate.parse("2024-04-26"))).isFalse();
        }

        @Test
        void aScanTheDayBeforeTheFirstReminderDayWasMetInTimeAndTheDayOfItWasNot() {
            FollowUpItem dayBefore = only(rule.plan(indexFracture().scan("2024-05-09", null).list()),
                    FollowUpKind.INITIAL_DXA);
            assertThat(dayBefore.open()).isFalse();
            assertThat(dayBefore.metBeforeReminder()).isTrue();
            FollowUpItem dayOf = only(rule.plan(indexFracture().scan("2024-05-10", null).list()),
                    FollowUpKind.INITIAL_DXA);
            assertThat(dayOf.metBeforeReminder()).isFalse();
            assertThat(dayOf.satisfiedOn()).isEqualTo("2024-05-10");
        }

        @Test
        void aTreatmentStartOrADocumentedDecisionMeetsTheDecisionItemButAnExposureDoesNot() {
            FollowUpPlan heparin = rule.plan(indexFracture()
                    .treatment("2024-02-10", TreatmentChange.Action.STARTED, Agent.LMW_HEPARIN).list());
            assertThat(only(heparin, FollowUpKind.TREATMENT_DECISION).open()).isTrue();
            FollowUpPlan weaning = rule.plan(indexFracture()
                    .treatment("2024-05-23", TreatmentChange.Action.STARTED, Agent.WEANING_ADVISED).list());
            assertThat(only(weaning, FollowUpKind.TREATMENT_DECISION).satisfiedOn()).isEqualTo("2024-05-23");
            assertThat(kpi(weaning, Kpi.TREATMENT_DECISION_WITHIN_16_WEEKS).met()).isTrue();
            FollowUpPlan late = rule.plan(indexFracture()
                    .treatment("2024-05-24", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D).list());
            assertThat(kpi(late, Kpi.TREATMENT_DECISION_WITHIN_16_WEEKS).met()).isFalse();
        }

        @Test
        void onTreatmentAt52WeeksIsMetWhileATherapyIsOngoingThatDayAndMissedOtherwiseOnceItPassed() {
            FollowUpPlan ongoing = rule.plan(indexFracture()
                    .treatment("2024-02-05", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D).list());
            assertThat(kpi(ongoing, Kpi.ON_TREATMENT_AT_52_WEEKS).met()).isTrue();
            FollowUpPlan stopped = rule.plan(indexFracture()
                    .treatment("2024-02-05", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                    .treatment("2025-01-30", TreatmentChange.Action.STOPPED, Agent.CALCIUM_VITAMIN_D).list());
            KpiMeasure m = kpi(stopped, Kpi.ON_TREATMENT_AT_52_WEEKS);
            assertThat(m.windowEnd()).isEqualTo("2025-01-30"); // 2024-02-01 + 52 weeks
            assertThat(m.outcomeOn(LocalDate.parse("2025-01-30"))).isNull();
            assertThat(m.outcomeOn(LocalDate.parse("2025-01-31"))).isFalse();
        }

        @Test
        void aFractureWithoutADeliveryIsNoPloIndexEpisodeAndOpensNoItem() {
            assertThat(rule.plan(new Facts().fracture("2024-02-01").list()).items()).isEmpty();
        }

        @Test
        void aLaterDeliveryAsksForADxaWithinSixMonths() {
            FollowUpPlan plan = rule.plan(indexFracture().scan("2024-02-03", -2.5).delivery("2025-06-01").list());
            FollowUpItem item = only(plan, FollowUpKind.POSTPARTUM_DXA);
            assertThat(item.dueDate()).isEqualTo("2025-12-01");
            assertThat(item.open()).isTrue();
            FollowUpPlan met = rule.plan(indexFracture().scan("2024-02-03", -2.5).delivery("2025-06-01")
                    .scan("2025-09-01", -2.2).list());
            assertThat(only(met, FollowUpKind.POSTPARTUM_DXA).satisfiedOn()).isEqualTo("2025-09-01");
        }
    }

    @Nested
    class Monitoring {

        @Test
        void aMonitoringDxaIsDueTwelveMonthsAfterStartingTherapyAndYearlyWhileOnIt() {
            FollowUpPlan plan = rule.plan(new Facts()
                    .treatment("2024-03-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                    .scan("2025-02-20", -1.5).list());
            List<FollowUpItem> items = plan.items().stream().filter(i -> i.kind() == FollowUpKind.MONITORING_DXA)
                    .toList();
            assertThat(items).extracting(FollowUpItem::itemId)
                    .containsExactly("MONITORING_DXA@2024-03-01", "MONITORING_DXA@2025-02-20");
            assertThat(items.get(0).satisfiedOn()).isEqualTo("2025-02-20");
            assertThat(items.get(1).dueDate()).isEqualTo("2026-02-20");
            assertThat(items.get(1).open()).isTrue();
            assertThat(kpi(plan, Kpi.FOLLOW_UP_DXA_ON_TIME).met()).isTrue();
        }

        @Test
        void aChangeOfTherapyReanchorsTheMonitoringDxa() {
            FollowUpPlan plan = rule.plan(new Facts()
                    .treatment("2024-03-01", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                    .changed("2024-04-01", Agent.CALCIUM_VITAMIN_D, Agent.TERIPARATIDE).list());
            FollowUpItem item = only(plan, FollowUpKind.MONITORING_DXA);
            assertThat(item.anchorDate()).isEqualTo("2024-04-01");
            assertThat(item.dueDate()).isEqualTo("2025-04-01");
        }

        @Test
        void offTherapyWithANormalZTheChainEndsButALowZKeepsItYearly() {
            Facts stopped = new Facts()
                    .treatment("2024-03-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                    .treatment("2025-01-01", TreatmentChange.Action.STOPPED, Agent.TERIPARATIDE);
            FollowUpPlan normal = rule.plan(new Facts().treatment("2024-03-01", TreatmentChange.Action.STARTED,
                            Agent.TERIPARATIDE).treatment("2025-01-01", TreatmentChange.Action.STOPPED,
                            Agent.TERIPARATIDE).scan("2025-02-01", -1.0).list());
            assertThat(normal.openItems()).isEmpty();
            FollowUpPlan low = rule.plan(stopped.scan("2025-02-01", -2.0).list());
            assertThat(low.openItems()).extracting(FollowUpItem::itemId).contains("MONITORING_DXA@2025-02-01");
        }

        @Test
        void aScanSoonerThanThreeMonthsAfterTheAnchorRepeatsTheBaselineAndDoesNotMeetIt() {
            FollowUpPlan plan = rule.plan(new Facts()
                    .treatment("2024-03-01", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                    .scan("2024-05-31", -1.0).list());
            assertThat(only(plan, FollowUpKind.MONITORING_DXA).open()).isTrue();
        }
    }

    @Nested
    class Denosumab {

        private Facts doses(String... dates) {
            Facts f = new Facts();
            for (String d : dates) {
                f.treatment(d, TreatmentChange.Action.ADMINISTERED, Agent.DENOSUMAB);
            }
            return f;
        }

        private FollowUpItem first(FollowUpPlan plan) {
            return plan.items().stream().filter(i -> i.itemId().equals("DENOSUMAB_DOSE@2024-01-10")).findFirst()
                    .orElseThrow();
        }

        @Test
        void theNextDoseIsDueSixMonthsAfterTheLastAndHighAfterSevenMonths() {
            FollowUpItem item = first(rule.plan(doses("2024-01-10").list()));
            assertThat(item.dueDate()).isEqualTo("2024-07-10");
            assertThat(item.highFrom()).isEqualTo("2024-08-11"); // 7 months and a day
            assertThat(item.reason()).contains("rebound");
            assertThat(item.source()).contains("Cummings et al., JBMR 2018").contains("Lyu et al.");
            long atSevenMonths = FollowUpRule.startOfDay(LocalDate.parse("2024-08-10"));
            assertThat(rule.severityAt(item, atSevenMonths)).isEqualTo(Severity.MODERATE);
            assertThat(rule.severityAt(item, atSevenMonths + DAY)).isEqualTo(Severity.HIGH);
        }

        @ParameterizedTest(name = "next dose {0}: on time {1}")
        @CsvSource({"2024-07-10, true", "2024-08-10, true", "2024-08-11, false"})
        void aDoseAtSixMonthsOrUpToSevenIsOnTimeAndSevenMonthsAndADayIsLate(String next, boolean onTime) {
            FollowUpPlan plan = rule.plan(doses("2024-01-10", next).list());
            assertThat(first(plan).satisfiedOn()).isEqualTo(next);
            assertThat(plan.kpis().stream().filter(k -> k.subject().equals("2024-01-10")).findFirst().orElseThrow()
                    .met()).isEqualTo(onTime);
        }

        @Test
        void aFollowOnTherapyMeetsTheDoseButAStopWithoutOneLeavesItOpenWithTheRebound() {
            FollowUpPlan switched = rule.plan(doses("2024-01-10")
                    .treatment("2024-07-01", TreatmentChange.Action.STARTED, Agent.ZOLEDRONATE).list());
            assertThat(first(switched).satisfiedOn()).isEqualTo("2024-07-01");
            FollowUpPlan stopped = rule.plan(doses("2024-01-10")
                    .treatment("2024-05-01", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB).list());
            assertThat(first(stopped).open()).isTrue();
            assertThat(first(stopped).reason()).contains("stopped on 2024-05-01 without follow-on therapy");
        }

        @Test
        void remindersStartAfterTheGracePeriodRepeatEveryTwoWeeksAndAddOneWhenTheyTurnHigh() {
            FollowUpItem item = first(rule.plan(doses("2024-01-10").list()));
            List<LocalDate> days = rule.reminderInstants(item).stream().map(FollowUpRule::dayOf).toList();
            assertThat(days).containsExactly(LocalDate.parse("2024-07-25"), LocalDate.parse("2024-08-08"),
                    LocalDate.parse("2024-08-11"), LocalDate.parse("2024-08-22"), LocalDate.parse("2024-09-05"));
            assertThat(rule.reminderInstants(item).stream().map(i -> rule.severityAt(item, i)).toList())
                    .containsExactly(Severity.MODERATE, Severity.MODERATE, Severity.HIGH, Severity.HIGH,
                            Severity.HIGH);
        }
    }

    @Nested
    class Reminders {

        @Test
        void noReminderBeforeTheItemCouldBeKnown() {
            // the fracture is recorded a year late: the first reminder waits for it, escalations follow from there
            long recorded = LocalDate.parse("2025-02-01").atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
            List<FollowUpFact> facts = List.of(
                    FollowUpFact.delivery("d", LocalDate.parse("2024-01-01"), recorded, "a"),
                    FollowUpFact.fracture("f", LocalDate.parse("2024-02-01"), recorded, "a", true));
            FollowUpItem dxa = only(rule.plan(facts), FollowUpKind.INITIAL_DXA);
            assertThat(rule.reminderInstants(dxa)).first().isEqualTo(recorded);
            assertThat(rule.reminderInstants(dxa)).element(1).isEqualTo(recorded + 14 * DAY);
        }

        @Test
        void escalationsStopAfterTheConfiguredNumber() {
            FollowUpRule one = new FollowUpRule(RulesConfig.builder().followUp(FollowUpConfig.defaults().toBuilder()
                    .maxEscalations(1).escalationDays(7).build()).build());
            FollowUpItem dxa = only(one.plan(indexFracture().list()), FollowUpKind.INITIAL_DXA);
            assertThat(one.reminderInstants(dxa)).extracting(FollowUpRule::dayOf)
                    .containsExactly(LocalDate.parse("2024-05-10"), LocalDate.parse("2024-05-17"));
        }
    }

    @Nested
    class Teriparatide {

        @Test
        void aReminderThreeMonthsBeforeTheLifetimeLimitCountingEarlierCourses() {
            FollowUpPlan plan = rule.plan(new Facts()
                    .treatment("2022-01-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                    .treatment("2022-07-01", TreatmentChange.Action.STOPPED, Agent.TERIPARATIDE) // 181 days
                    .treatment("2024-01-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE).list());
            FollowUpItem item = only(plan, FollowUpKind.TERIPARATIDE_LIMIT);
            // 24 x 30.4375 = 730.5 days, rounded to 731; 181 days of the first course
            assertThat(item.dueDate()).isEqualTo(LocalDate.parse("2024-01-01").plusDays(731 - 181));
            assertThat(item.dueDate()).isEqualTo("2025-07-04");
            assertThat(item.remindFrom()).isEqualTo(item.dueDate().minusMonths(3));
            assertThat(item.open()).isTrue();
        }

        @Test
        void aCourseStoppedBeforeTheWarningNeedsNoItem() {
            FollowUpPlan plan = rule.plan(new Facts()
                    .treatment("2024-01-01", TreatmentChange.Action.STARTED, Agent.TERIPARATIDE)
                    .treatment("2024-07-01", TreatmentChange.Action.STOPPED, Agent.TERIPARATIDE).list());
            assertThat(plan.items()).noneMatch(i -> i.kind() == FollowUpKind.TERIPARATIDE_LIMIT);
        }
    }

    @Test
    void theTreatmentExposureRuleStartsAPeriodWithAnAdministeredDoseAndContinuesAnOpenOne() {
        TreatmentExposureRule exposure = new TreatmentExposureRule();
        List<TreatmentChange> changes = List.of(
                new TreatmentChange("a", LocalDate.parse("2024-01-10"), TreatmentChange.Action.ADMINISTERED,
                        Agent.DENOSUMAB, null),
                new TreatmentChange("b", LocalDate.parse("2024-07-10"), TreatmentChange.Action.ADMINISTERED,
                        Agent.DENOSUMAB, null),
                new TreatmentChange("c", LocalDate.parse("2025-01-10"), TreatmentChange.Action.STOPPED,
                        Agent.DENOSUMAB, null));
        assertThat(exposure.periods(changes)).containsExactly(new TreatmentExposureRule.Period(Agent.DENOSUMAB,
                LocalDate.parse("2024-01-10"), LocalDate.parse("2025-01-10")));
    }
}
