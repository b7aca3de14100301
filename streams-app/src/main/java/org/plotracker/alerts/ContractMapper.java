package org.plotracker.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.alerts.RecurrenceTrigger;
import org.plotracker.contracts.alerts.RiskTier;
import org.plotracker.contracts.common.AgentExposure;
import org.plotracker.contracts.common.AlertSeverity;
import org.plotracker.contracts.common.ContributingFactor;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EpisodeKind;
import org.plotracker.contracts.common.EvidenceStrength;
import org.plotracker.contracts.common.IndexEpisode;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.TreatmentGroup;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.ChangeClassification;
import org.plotracker.contracts.derived.ComparisonBasis;
import org.plotracker.contracts.derived.NotComparableCause;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.rules.Comparison;
import org.plotracker.rules.Factor;
import org.plotracker.rules.RecurrenceAssessment;
import org.plotracker.rules.ScanPair;
import org.plotracker.rules.Severity;

/** Maps the rules' conclusions to the published Avro contracts (alerts and derived rows). */
public final class ContractMapper {

    private final String ruleSetVersion;

    public ContractMapper(String ruleSetVersion) {
        this.ruleSetVersion = ruleSetVersion;
    }

    /** The bmd-change row of a pair (status CURRENT). */
    public BmdChange changeRow(String patientId, ScanPair p) {
        Comparison c = p.comparison();
        return BmdChange.newBuilder()
                .setChangeId(AlertIds.changeId(patientId, p.site().name(), p.earlierScan().eventId(),
                        p.laterScan().eventId()))
                .setPatientId(patientId).setSite(DxaSite.valueOf(p.site().name())).setStatus(RowStatus.CURRENT)
                .setEarlierScanEventId(p.earlierScan().eventId()).setLaterScanEventId(p.laterScan().eventId())
                .setEarlierDate(p.earlierScan().date()).setLaterDate(p.laterScan().date())
                .setMonthsBetween(p.monthsBetween())
                .setEarlierBmd(p.earlier().bmd()).setLaterBmd(p.later().bmd())
                .setBmdChangePercent(c.bmdChangePercent())
                .setEarlierZ(p.earlier().zScore()).setLaterZ(p.later().zScore()).setDeltaZ(c.deltaZ())
                .setEarlierT(p.earlier().tScore()).setLaterT(p.later().tScore()).setDeltaT(c.deltaT())
                .setBasis(ComparisonBasis.valueOf(c.basis().name()))
                .setClassification(ChangeClassification.valueOf(c.classification().name()))
                .setThreshold(c.threshold()).setThresholdUnit(c.thresholdUnit())
                .setThresholdSource(c.thresholdSource()).setNotComparableReason(c.notComparableReason())
                .setEarlierDevice(p.earlierScan().device().toString())
                .setLaterDevice(p.laterScan().device().toString())
                .setEarlierExcludedVertebrae(vertebrae(p.earlierScan().excludedVertebrae()))
                .setLaterExcludedVertebrae(vertebrae(p.laterScan().excludedVertebrae()))
                .setTreatmentGroup(TreatmentGroup.valueOf(p.treatment().group().name()))
                .setTreatmentExposure(p.treatment().agents().stream().map(a -> new AgentExposure(
                        TreatmentAgent.valueOf(a.agent().name()), a.days(), a.ongoingAtEnd())).toList())
                .setFirstFollowUpAfterEpisode(p.firstFollowUpAfterEpisode())
                .setMonthsSinceIndexEpisode(p.monthsSinceEpisode())
                .setEarlierRegion(p.earlier().region()).setLaterRegion(p.later().region())
                .setNotComparableCause(c.notComparableCause() == null ? null
                        : NotComparableCause.valueOf(c.notComparableCause().name()))
                .build();
    }

    public BmdChangeAlert bmdAlert(String patientId, ScanPair pair, BmdChange row, String triggeredByEventId,
                                   Instant raisedAt) {
        return BmdChangeAlert.newBuilder()
                .setAlertId(AlertIds.bmdAlertId(patientId, pair.site().name(), pair.earlierScan().eventId(),
                        pair.laterScan().eventId(), ruleSetVersion))
                .setPatientId(patientId).setSeverity(severity(pair.severity())).setHeadline(pair.headline())
                .setChange(row).setSeverityFactors(factors(pair.severityFactors()))
                .setRuleSetVersion(ruleSetVersion).setTriggeredByEventId(triggeredByEventId).setRaisedAt(raisedAt)
                .build();
    }

    public RecurrenceRiskAlert recurrenceAlert(String patientId, RecurrenceAssessment a, Instant raisedAt) {
        boolean late = a.pregnancy().lateDetection();
        return RecurrenceRiskAlert.newBuilder()
                .setAlertId(AlertIds.recurrenceAlertId(patientId, a.pregnancy().triggerEventId(), ruleSetVersion))
                .setPatientId(patientId).setTier(RiskTier.valueOf(a.tier().name()))
                .setSeverity(a.tier() == org.plotracker.rules.RiskTier.HIGH ? AlertSeverity.HIGH
                        : AlertSeverity.MODERATE)
                .setHeadline(a.headline())
                .setTrigger(late ? RecurrenceTrigger.DELIVERY_WITHOUT_PREGNANCY_EVENT
                        : RecurrenceTrigger.PREGNANCY_CONFIRMED)
                .setLateDetection(late).setTriggerEventId(a.pregnancy().triggerEventId())
                .setTriggerDate(a.pregnancy().triggerDate()).setIndexEpisode(episode(a.episode()))
                .setMonthsSinceIndexDelivery(a.monthsSinceIndexDelivery())
                .setFactors(factors(a.factors())).setMedicationSafety(factors(a.medicationSafety()))
                .setRuleSetVersion(ruleSetVersion).setRaisedAt(raisedAt).build();
    }

    public static IndexEpisode episode(org.plotracker.rules.IndexEpisode e) {
        return IndexEpisode.newBuilder().setKind(EpisodeKind.valueOf(e.kind().name()))
                .setEpisodeDate(e.episodeDate()).setIndexDeliveryDate(e.indexDelivery().date())
                .setIndexDeliveryEventId(e.indexDelivery().eventId())
                .setQualifyingEventIds(new ArrayList<>(e.qualifyingEventIds()))
                .setFracturedVertebrae(vertebrae(e.fracturedVertebrae()))
                .setOtherFractureSites(new ArrayList<>(e.otherFractureSites())).build();
    }

    static List<ContributingFactor> factors(List<Factor> factors) {
        return factors.stream().map(f -> new ContributingFactor(f.code(), f.description(), f.evidence(), f.source(),
                EvidenceStrength.valueOf(f.strength().name()))).toList();
    }

    static AlertSeverity severity(Severity s) {
        return AlertSeverity.valueOf(s.name());
    }

    private static List<Vertebra> vertebrae(List<String> labels) {
        List<Vertebra> out = new ArrayList<>();
        for (String label : labels) {
            try {
                out.add(Vertebra.valueOf(label));
            } catch (IllegalArgumentException e) {
                out.add(Vertebra.UNKNOWN);
            }
        }
        return out;
    }
}
