package org.plotracker.topology;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.alerts.ContractMapper;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EmittedChange;
import org.plotracker.contracts.internal.PendingRecurrenceAlert;
import org.plotracker.patient.ClinicalEvent;
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
 * Decides what to emit after a patient's record accepted an event, and records it in the patient's record: derived
 * rows at once, alerts as pending (re-decided on every accepted event, emitted by {@link #raisePendingAlerts}). Policy
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

    private static final Comparator<SpecificRecord> LATEST_RECORDED = Comparator
            .comparing(ClinicalEvent::recordedAt).thenComparing(ClinicalEvent::eventId);

    private final ClinicalRules rules;
    private final ContractMapper mapper;

    public OutputPlanner(ClinicalRules rules) {
        this.rules = rules;
        this.mapper = new ContractMapper(rules.config().ruleSetVersion());
    }

    /**
     * Derived outputs for a record that just accepted {@code eventId}, and the re-decided pending alerts: every alert
     * now warranted and not raised before replaces what was pending (an alert no longer warranted is dropped). The
     * alerts are not among the returned outputs: {@link #raisePendingAlerts} emits them, at once or once the patient's
     * pending alerts have settled. Updates the record.
     *
     * <p>An alert's content depends only on the record, never on arrival order: a BMD-change alert is triggered by the
     * most recently recorded event (recordedAt, then event id) dated on or before its later scan — the scan itself,
     * or the treatment or fracture record that changed the pair — and raised at that event's recordedAt; a
     * recurrence-risk alert is raised at the recordedAt of the most recently recorded event dated on or before its
     * trigger date (the events its assessment uses).
     */
    public List<TrackerOutput> afterAccepted(PatientRecord record, String eventId) {
        String patientId = record.patientId();
        PatientHistory history = record.history();
        PatientAssessment assessment = rules.assess(history);
        List<TrackerOutput> out = new ArrayList<>();

        Map<String, DxaScan> scansById = history.scans().stream()
                .collect(Collectors.toMap(DxaScan::eventId, Function.identity()));
        Set<String> current = new HashSet<>();
        List<CohortContribution> contributions = new ArrayList<>();
        List<BmdChangeAlert> pendingBmd = new ArrayList<>();
        List<PendingRecurrenceAlert> pendingRecurrence = new ArrayList<>();
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
                SpecificRecord trigger = latestRecordedUpTo(record, pair.laterScan().date());
                pendingBmd.add(mapper.bmdAlert(patientId, pair, row, ClinicalEvent.eventId(trigger),
                        ClinicalEvent.recordedAt(trigger)));
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
            SpecificRecord latest = latestRecordedUpTo(record, a.pregnancy().triggerDate());
            pendingRecurrence.add(new PendingRecurrenceAlert(
                    mapper.recurrenceAlert(patientId, a, ClinicalEvent.recordedAt(latest)), new ArrayList<>(members)));
        }
        record.replacePendingAlerts(pendingBmd, pendingRecurrence);

        out.addAll(contributionChanges(record, contributions));
        out.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_TIMELINE, patientId, TimelineBuilder.build(record,
                eventId, assessment.episode().map(ContractMapper::episode))));
        return out;
    }

    /** Emits the record's pending alerts: they become raised alerts (never raised again) and are returned. */
    public static List<TrackerOutput> raisePendingAlerts(PatientRecord record) {
        List<TrackerOutput> out = new ArrayList<>();
        for (SpecificRecord alert : record.raisePendingAlerts()) {
            TrackerOutput.Kind kind = alert instanceof BmdChangeAlert ? TrackerOutput.Kind.BMD_CHANGE_ALERT
                    : TrackerOutput.Kind.RECURRENCE_RISK_ALERT;
            out.add(new TrackerOutput(kind, record.patientId(), alert));
        }
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

    /** The most recently recorded event (recordedAt, then event id) dated on or before {@code date}. */
    private static SpecificRecord latestRecordedUpTo(PatientRecord record, LocalDate date) {
        return record.events().stream().filter(e -> !ClinicalEvent.clinicalDate(e).isAfter(date))
                .max(LATEST_RECORDED).orElseThrow(() -> new IllegalStateException(
                        "No event of patient " + record.patientId() + " dated on or before " + date));
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
