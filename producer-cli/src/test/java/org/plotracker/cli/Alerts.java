package org.plotracker.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.alerts.RecurrenceTrigger;
import org.plotracker.contracts.alerts.RiskTier;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EpisodeKind;
import org.plotracker.contracts.common.IndexEpisode;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.ComparisonBasis;

/** Alerts as the tracker would raise them, for the subscriber's tests. */
final class Alerts {

    private Alerts() {
    }

    static BmdChangeAlert bmdLoss(String alertId, String patientId, AlertSeverity severity) {
        BmdChange change = BmdChange.newBuilder().setChangeId("chg-" + alertId).setPatientId(patientId)
                .setSite(DxaSite.FEMORAL_NECK).setEarlierScanEventId("dxa-1").setLaterScanEventId("dxa-2")
                .setEarlierDate(LocalDate.of(2023, 4, 12)).setLaterDate(LocalDate.of(2023, 12, 12))
                .setMonthsBetween(8.0).setEarlierZ(0.0).setLaterZ(-0.8).setDeltaZ(-0.8)
                .setBasis(ComparisonBasis.Z_SCORE).setClassification(ChangeClassification.SIGNIFICANT_LOSS)
                .setThreshold(0.45).setThresholdUnit("Z-score units").setThresholdSource("configured delta-Z")
                .setTreatmentGroup(TreatmentGroup.ANABOLIC).build();
        return BmdChangeAlert.newBuilder().setAlertId(alertId).setPatientId(patientId).setSeverity(severity)
                .setHeadline("Loss beyond LSC at FEMORAL_NECK while on TERIPARATIDE").setChange(change)
                .setRuleSetVersion("test").setTriggeredByEventId("dxa-2")
                .setRaisedAt(Instant.parse("2023-12-12T16:00:00Z")).build();
    }

    static RecurrenceRiskAlert recurrence(String alertId, String patientId, RiskTier tier) {
        IndexEpisode episode = IndexEpisode.newBuilder().setKind(EpisodeKind.FRAGILITY_FRACTURE)
                .setEpisodeDate(LocalDate.of(2023, 3, 13)).setIndexDeliveryDate(LocalDate.of(2023, 1, 9))
                .setIndexDeliveryEventId("delivery-1").setQualifyingEventIds(List.of("fracture-1")).build();
        return RecurrenceRiskAlert.newBuilder().setAlertId(alertId).setPatientId(patientId).setTier(tier)
                .setSeverity(tier == RiskTier.HIGH ? AlertSeverity.HIGH : AlertSeverity.MODERATE)
                .setHeadline("Pregnant again 16 months after a PLO index episode")
                .setTrigger(RecurrenceTrigger.PREGNANCY_CONFIRMED).setTriggerEventId("pregnancy-2")
                .setTriggerDate(LocalDate.of(2024, 7, 15)).setIndexEpisode(episode).setMonthsSinceIndexDelivery(18.2)
                .setRuleSetVersion("test").setRaisedAt(Instant.parse("2024-07-15T16:00:00Z")).build();
    }
}
