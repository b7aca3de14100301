package org.plotracker.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.plotracker.alerts.ContractMapper;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EmittedChange;
import org.plotracker.patient.EventFingerprint;
import org.plotracker.patient.PatientRecord;
import org.plotracker.patient.TimelineBuilder;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.DxaScan;
import org.plotracker.rules.PatientAssessment;
import org.plotracker.rules.PatientHistory;
import org.plotracker.rules.RecurrenceAssessment;
import org.plotracker.rules.ScanPair;
import org.plotracker.rules.Site;

/**
 * Decides what to emit after a patient's record accepted an event, and records it in the patient's record. Policy
 * (docs/rules.md):
 * <ul>
 *   <li>bmd-change rows: every adjacent pair is (re)written when new or when its content changed; a pair that a late
 *       scan made non-adjacent is re-written once with status SUPERSEDED;</li>
 *   <li>BMD-change alerts: at most one per site and later scan, only for the newest scan at that site, never
 *       retracted: a late scan corrects the rows but raises no alert;</li>
 *   <li>recurrence-risk alerts: at most one per later pregnancy (its confirmations and delivery are one pregnancy);</li>
 *   <li>cohort contributions: the first follow-up pair after the index episode per site; changed ones are re-sent,
 *       vanished ones retracted with a tombstone;</li>
 *   <li>the patient timeline is re-written every time.</li>
 * </ul>
 */
public final class OutputPlanner {

    private final ClinicalRules rules;
    private final ContractMapper mapper;

    public OutputPlanner(ClinicalRules rules) {
        this.rules = rules;
        this.mapper = new ContractMapper(rules.config().ruleSetVersion());
    }

    /** Outputs for a record that just accepted {@code eventId} (recorded at {@code recordedAt}); updates the record. */
    public List<TrackerOutput> afterAccepted(PatientRecord record, String eventId, Instant recordedAt) {
        String patientId = record.patientId();
        PatientHistory history = record.history();
        PatientAssessment assessment = rules.assess(history);
        List<TrackerOutput> out = new ArrayList<>();

        Map<String, DxaScan> scansById = history.scans().stream()
                .collect(Collectors.toMap(DxaScan::eventId, Function.identity()));
        Set<String> current = new HashSet<>();
        List<CohortContribution> contributions = new ArrayList<>();
        for (ScanPair pair : assessment.pairs()) {
            BmdChange row = mapper.changeRow(patientId, pair);
            current.add(row.getChangeId());
            String fingerprint = EventFingerprint.of(row);
            Optional<EmittedChange> emitted = record.emittedChange(row.getChangeId());
            if (emitted.isEmpty() || emitted.get().getSuperseded()
                    || !emitted.get().getContentFingerprint().equals(fingerprint)) {
                out.add(new TrackerOutput(TrackerOutput.Kind.BMD_CHANGE, patientId, row));
                record.recordEmittedChange(row.getChangeId(), pair.site().name(), pair.earlierScan().eventId(),
                        pair.laterScan().eventId(), fingerprint, false);
            }
            if (pair.alertWorthy() && isNewestAtSite(history, pair)
                    && !record.bmdAlertRaisedFor(pair.site().name(), pair.laterScan().eventId())) {
                var alert = mapper.bmdAlert(patientId, pair, row, eventId, recordedAt);
                out.add(new TrackerOutput(TrackerOutput.Kind.BMD_CHANGE_ALERT, patientId, alert));
                record.recordBmdAlert(alert.getAlertId(), pair.site().name(), pair.laterScan().eventId());
            }
            if (pair.firstFollowUpAfterEpisode() && pair.comparison().comparable()) {
                contributions.add(CohortContribution.newBuilder().setSite(pair.site().name())
                        .setTreatmentGroup(pair.treatment().group().name()).setChangeId(row.getChangeId())
                        .setDeltaZ(pair.comparison().deltaZ()).setDeltaT(pair.comparison().deltaT())
                        .setBmdChangePercent(pair.comparison().bmdChangePercent())
                        .setMonthsBetween(pair.monthsBetween()).build());
            }
        }
        for (EmittedChange emitted : record.emittedChanges()) {
            if (emitted.getSuperseded() || current.contains(emitted.getChangeId())) {
                continue;
            }
            DxaScan earlier = scansById.get(emitted.getEarlierScanEventId());
            DxaScan later = scansById.get(emitted.getLaterScanEventId());
            if (earlier == null || later == null) {
                continue;
            }
            rules.changes().pairOf(history, assessment.episode(), Site.valueOf(emitted.getSite()), earlier, later)
                    .ifPresent(pair -> {
                        BmdChange row = mapper.changeRow(patientId, pair);
                        row = BmdChange.newBuilder(row).setStatus(RowStatus.SUPERSEDED).build();
                        out.add(new TrackerOutput(TrackerOutput.Kind.BMD_CHANGE, patientId, row));
                        record.recordEmittedChange(emitted.getChangeId(), emitted.getSite(),
                                emitted.getEarlierScanEventId(), emitted.getLaterScanEventId(),
                                EventFingerprint.of(row), true);
                    });
        }

        for (RecurrenceAssessment a : assessment.laterPregnancies()) {
            List<String> members = a.pregnancy().memberEventIds();
            if (record.recurrenceAlertRaisedFor(members)) {
                record.linkToRaisedRecurrenceAlert(members);
                continue;
            }
            var alert = mapper.recurrenceAlert(patientId, a, recordedAt);
            out.add(new TrackerOutput(TrackerOutput.Kind.RECURRENCE_RISK_ALERT, patientId, alert));
            record.recordRecurrenceAlert(alert.getAlertId(), members);
        }

        out.addAll(contributionChanges(record, contributions));
        out.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_TIMELINE, patientId, TimelineBuilder.build(record,
                eventId, assessment.episode().map(ContractMapper::episode))));
        return out;
    }

    /** Outputs that remove a patient: her contributions retracted and a timeline tombstone. */
    public static List<TrackerOutput> erasure(String patientId, List<CohortContribution> contributions) {
        List<TrackerOutput> out = new ArrayList<>();
        for (CohortContribution c : contributions) {
            out.add(new TrackerOutput(TrackerOutput.Kind.COHORT_CONTRIBUTION, contributionKey(patientId, c.getSite()),
                    null));
        }
        out.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_TIMELINE, patientId, null));
        return out;
    }

    /** Key of a patient's contribution at one site on the contribution table. */
    public static String contributionKey(String patientId, String site) {
        return patientId + "|" + site;
    }

    private static List<TrackerOutput> contributionChanges(PatientRecord record, List<CohortContribution> now) {
        List<TrackerOutput> out = new ArrayList<>();
        Map<String, CohortContribution> before = record.contributions().stream()
                .collect(Collectors.toMap(CohortContribution::getSite, Function.identity()));
        Map<String, CohortContribution> after = now.stream()
                .collect(Collectors.toMap(CohortContribution::getSite, Function.identity()));
        for (String site : before.keySet()) {
            if (!after.containsKey(site)) {
                out.add(new TrackerOutput(TrackerOutput.Kind.COHORT_CONTRIBUTION,
                        contributionKey(record.patientId(), site), null));
            }
        }
        for (CohortContribution c : now) {
            if (!c.equals(before.get(c.getSite()))) {
                out.add(new TrackerOutput(TrackerOutput.Kind.COHORT_CONTRIBUTION,
                        contributionKey(record.patientId(), c.getSite()), c));
            }
        }
        record.replaceContributions(now);
        return out;
    }

    private static boolean isNewestAtSite(PatientHistory history, ScanPair pair) {
        DxaScan newest = null;
        for (DxaScan s : history.scans()) {
            if (s.at(pair.site()).isPresent()) {
                newest = s;
            }
        }
        return newest != null && newest.eventId().equals(pair.laterScan().eventId());
    }
}
