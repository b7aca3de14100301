package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreatmentExposureRuleTest {

    private final TreatmentExposureRule rule = new TreatmentExposureRule();
    private static final LocalDate FROM = LocalDate.parse("2023-08-09");
    private static final LocalDate TO = LocalDate.parse("2024-05-09");

    @Test
    void aSwitchFromCalciumToTeriparatideIsAnAnabolicInterval() {
        PatientHistory h = new Histories().treatment("2023-08-09", TreatmentChange.Action.STARTED,
                Agent.CALCIUM_VITAMIN_D).changed("2023-09-08", Agent.CALCIUM_VITAMIN_D, Agent.TERIPARATIDE).build();
        TreatmentExposure e = rule.during(h.treatments(), FROM, TO);
        assertThat(e.group()).isEqualTo(TreatmentGroup.ANABOLIC);
        assertThat(e.agents()).containsExactly(new AgentExposure(Agent.CALCIUM_VITAMIN_D, 30, false),
                new AgentExposure(Agent.TERIPARATIDE, 244, true));
        assertThat(e.leadingAgent()).contains(Agent.TERIPARATIDE);
    }

    @Test
    void theMostPotentGroupWinsAndExposuresOutsideTheIntervalDoNotCount() {
        PatientHistory h = new Histories()
                .treatment("2023-01-01", TreatmentChange.Action.STARTED, Agent.ORAL_BISPHOSPHONATE)
                .treatment("2023-08-09", TreatmentChange.Action.STOPPED, Agent.ORAL_BISPHOSPHONATE)
                .treatment("2023-08-09", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                .treatment("2024-01-01", TreatmentChange.Action.STARTED, Agent.DENOSUMAB)
                .treatment("2024-05-09", TreatmentChange.Action.STOPPED, Agent.DENOSUMAB)
                .treatment("2024-02-01", TreatmentChange.Action.STARTED, Agent.LMW_HEPARIN).build();
        TreatmentExposure e = rule.during(h.treatments(), FROM, TO);
        assertThat(e.group()).isEqualTo(TreatmentGroup.ANTIRESORPTIVE);
        assertThat(e.agents()).extracting(AgentExposure::agent)
                .containsExactly(Agent.CALCIUM_VITAMIN_D, Agent.DENOSUMAB, Agent.LMW_HEPARIN);
        assertThat(e.agents()).filteredOn(a -> a.agent() == Agent.DENOSUMAB).singleElement()
                .satisfies(a -> assertThat(a.ongoingAtEnd()).as("stopped on the last day").isFalse());
    }

    @Test
    void noBoneTreatmentIsGroupNone() {
        assertThat(rule.during(List.of(), FROM, TO).group()).isEqualTo(TreatmentGroup.NONE);
        PatientHistory h = new Histories().treatment("2023-09-01", TreatmentChange.Action.STARTED,
                Agent.WEANING_ADVISED).treatment("2024-06-01", TreatmentChange.Action.STARTED,
                Agent.TERIPARATIDE).build();
        TreatmentExposure e = rule.during(h.treatments(), FROM, TO);
        assertThat(e.group()).isEqualTo(TreatmentGroup.NONE);
        assertThat(e.leadingAgent()).isEmpty();
    }

    @Test
    void aStopWithoutStartAndARepeatedStartChangeNothing() {
        PatientHistory h = new Histories()
                .treatment("2023-07-01", TreatmentChange.Action.STOPPED, Agent.TERIPARATIDE)
                .treatment("2023-09-09", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D)
                .treatment("2023-10-09", TreatmentChange.Action.STARTED, Agent.CALCIUM_VITAMIN_D).build();
        TreatmentExposure e = rule.during(h.treatments(), FROM, TO);
        assertThat(e.agents()).containsExactly(new AgentExposure(Agent.CALCIUM_VITAMIN_D, 243, true));
    }
}
