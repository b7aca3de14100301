package org.plotracker.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.common.AgentExposure;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.ContributingFactor;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EvidenceStrength;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.CohortSummary;
import org.plotracker.contracts.derived.ComparisonBasis;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.derived.SummaryStatistic;

class CareTeamReportTest {

    private static BmdChange change(String id, RowStatus status, double earlierZ, double laterZ) {
        return BmdChange.newBuilder().setChangeId(id).setPatientId("PLO-SRC-02").setSite(DxaSite.FEMORAL_NECK)
                .setStatus(status).setEarlierScanEventId("a").setLaterScanEventId("b")
                .setEarlierDate(LocalDate.parse("2023-04-26")).setLaterDate(LocalDate.parse("2023-10-27"))
                .setMonthsBetween(6.05).setEarlierZ(earlierZ).setLaterZ(laterZ).setDeltaZ(laterZ - earlierZ)
                .setEarlierT(-0.8).setLaterT(-0.8).setDeltaT(0.0).setBasis(ComparisonBasis.Z_SCORE)
                .setClassification(ChangeClassification.SIGNIFICANT_LOSS).setThreshold(0.45)
                .setThresholdUnit("Z-score units").setThresholdSource("project default")
                .setTreatmentGroup(TreatmentGroup.ANABOLIC)
                .setTreatmentExposure(List.of(AgentExposure.newBuilder().setAgent(TreatmentAgent.TERIPARATIDE)
                        .setDays(182).setOngoingAtEnd(true).build()))
                .build();
    }

    @Test
    void showsTheCurrentVersionOfEachPairEachAlertOnceAndCountsDuplicates() {
        BmdChange superseded = change("chg-1", RowStatus.SUPERSEDED, 0.0, -0.8);
        BmdChange current = change("chg-2", RowStatus.CURRENT, 0.0, -0.8);
        BmdChangeAlert alert = BmdChangeAlert.newBuilder().setAlertId("bmd-1").setPatientId("PLO-SRC-02")
                .setSeverity(AlertSeverity.HIGH).setHeadline("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE")
                .setChange(current).setRuleSetVersion("plo-rules-1.0").setTriggeredByEventId("b")
                .setRaisedAt(Instant.parse("2023-10-27T16:04:00Z"))
                .setSeverityFactors(List.of(ContributingFactor.newBuilder().setCode("LOSS_WHILE_ON_TREATMENT")
                        .setDescription("Loss beyond LSC while on bone treatment").setEvidence("dZ -0.8")
                        .setSource("Anagnostis et al., JCEM 2024").setEvidenceStrength(EvidenceStrength.EXPERT_OPINION)
                        .build()))
                .build();
        SummaryStatistic dz = SummaryStatistic.newBuilder().setN(2).setMean(1.3).setSampleSd(0.566).build();
        CohortSummary summary = CohortSummary.newBuilder().setSite(DxaSite.LUMBAR_SPINE)
                .setTreatmentGroup(TreatmentGroup.ANABOLIC).setPatients(2).setDeltaZ(dz).setDeltaT(dz)
                .setBmdChangePercent(SummaryStatistic.newBuilder().setN(0).build()).setMeanMonthsBetween(7.5).build();
        TrackerOutputs outputs = new TrackerOutputs(
                List.of(new TopicRecord<>("PLO-SRC-02", change("chg-1", RowStatus.CURRENT, 0.0, -0.8), 0, 0),
                        new TopicRecord<>("PLO-SRC-02", superseded, 0, 1),
                        new TopicRecord<>("PLO-SRC-02", current, 0, 2)),
                List.of(new TopicRecord<>("PLO-SRC-02", alert, 0, 0), new TopicRecord<>("PLO-SRC-02", alert, 0, 1)),
                List.of(),
                List.of(new TopicRecord<>("LUMBAR_SPINE|ANABOLIC", summary, 0, 0)));

        String report = CareTeamReport.render(outputs);

        assertThat(outputs.currentBmdChanges()).containsExactly(current);
        assertThat(report)
                .contains("PLO-SRC-02  FEMORAL_NECK  2023-04-26 -> 2023-10-27     6.1    0.0 -> -0.8  -0.8")
                .contains("1 alert(s) on the alert topics (2 record(s) read; duplicates: 1)")
                .contains("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE  [HIGH]")
                .contains("LOSS_WHILE_ON_TREATMENT: Loss beyond LSC while on bone treatment")
                .contains("treatment in between: ANABOLIC (TERIPARATIDE 182 d, ongoing)")
                .contains("LUMBAR_SPINE  ANABOLIC")
                .contains("+1.30 (0.57), 2");
    }

    /** Issue 14, item 3: a not-comparable pair states its cause and reason, not an empty threshold. */
    @Test
    void aNotComparablePairStatesWhy() {
        BmdChange notComparable = BmdChange.newBuilder(change("chg-9", RowStatus.CURRENT, -2.0, -1.0))
                .setClassification(ChangeClassification.NOT_COMPARABLE).setBasis(ComparisonBasis.NONE)
                .setThreshold(null).setThresholdUnit(null).setThresholdSource(null).setDeltaZ(null)
                .setNotComparableCause(org.plotracker.contracts.derived.NotComparableCause.DEVICE_NOT_IDENTIFIED)
                .setNotComparableReason("DXA device not identified (UNKNOWN (no model or serial number) then UNKNOWN"
                        + " (no model or serial number))").build();
        assertThat(CareTeamReport.judged(notComparable)).isEqualTo("NOT_COMPARABLE (DEVICE_NOT_IDENTIFIED): DXA"
                + " device not identified (UNKNOWN (no model or serial number) then UNKNOWN (no model or serial"
                + " number))");
        assertThat(CareTeamReport.judged(change("chg-10", RowStatus.CURRENT, 0.0, -0.8)))
                .isEqualTo("SIGNIFICANT_LOSS on Z_SCORE; threshold 0.45 Z-score units (project default)");
    }

    @Test
    void aValueOneScanDidNotReportReadsNotAvailableAndOneNeitherReportedStaysBlank() {
        BmdChange tOnlyBefore = BmdChange.newBuilder(change("chg-3", RowStatus.CURRENT, -2.1, -1.5))
                .setEarlierT(-1.8).setLaterT(null).setDeltaT(null).build();
        BmdChange zOnlyAfter = BmdChange.newBuilder(change("chg-4", RowStatus.CURRENT, 0.0, 0.0))
                .setEarlierZ(null).setDeltaZ(null).setEarlierT(null).setLaterT(null).setDeltaT(null).build();

        String table = CareTeamReport.bmdChangeTable(List.of(tOnlyBefore, zOnlyAfter));

        assertThat(table)
                .contains("6.1   -2.1 -> -1.5  +0.6    -1.8 -> n/a  SIGNIFICANT_LOSS")
                .as("no dZ and no T: blank cells").contains("6.1     n/a -> 0.0" + " ".repeat(23) + "SIGNIFICANT_LOSS")
                .doesNotContain("?");
        assertThat(CareTeamReport.measurements(zOnlyAfter)).isEqualTo(", Z n/a -> 0.0");
    }

    @Test
    void saysSoWhenThereIsNothingYet() {
        String report = CareTeamReport.render(new TrackerOutputs(List.of(), List.of(), List.of(), List.of()));
        assertThat(report).contains("(no compared scan pairs)").contains("0 alert(s)")
                .contains("(no first follow-up pairs yet)");
    }
}
