package org.plotracker.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.alerts.AlertIds;
import org.plotracker.alerts.ContractMapper;
import org.plotracker.contracts.alerts.BmdChangeAlert;
import org.plotracker.contracts.alerts.RecurrenceRiskAlert;
import org.plotracker.contracts.common.AlertStatus;
import org.plotracker.contracts.derived.BmdChange;
import org.plotracker.contracts.derived.RowStatus;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.internal.CohortContribution;
import org.plotracker.contracts.internal.EmittedChangeRow;
import org.plotracker.contracts.internal.PatientOutput;
import org.plotracker.contracts.internal.RaisedAlert;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.patient.EventFingerprint;
import org.plotracker.patient.PatientHistoryMapper;
import org.plotracker.patient.PatientKnowledge;
import org.plotracker.patient.PatientRecord;
import org.plotracker.patient.TimelineBuilder;
import org.plotracker.rules.ClinicalRules;
import org.plotracker.rules.DxaScan;
import org.plotracker.rules.Measurement;
import org.plotracker.rules.PatientAssessment;
import org.plotracker.rules.PatientHistory;
import org.plotracker.rules.RecurrenceAssessment;
import org.plotracker.rules.ScanPair;
import org.plotracker.rules.Site;

/**
 * Decides, for one patient as of one recorded-time instant, what to emit and what the patient-outputs store keeps
 * (docs/architecture.md, "Decisions on recorded time"; docs/rules.md). Pure: the same knowledge, instants and stored
 * outputs always give the same decision.
 *
 * <ul>
 *   <li>bmd-change rows: every adjacent pair as known then is (re)written when new or changed; a row whose pair is no
 *       longer adjacent (a scan dated between them is now known, or one of them was retracted) is re-written once
 *       with status SUPERSEDED;</li>
 *   <li>BMD-change alerts: an alert-worthy pair whose later scan is the newest at its site at a decided instant is
 *       raised once (status RAISED); at every later decision an alert raised before is compared with its pair as
 *       known then: changed content gives a CORRECTED record, a pair that is gone or no longer alert-worthy a
 *       WITHDRAWN one;</li>
 *   <li>recurrence-risk alerts: one per later pregnancy (its confirmations and delivery are one pregnancy), identified
 *       by its triggering event; CORRECTED when the assessment changed, WITHDRAWN when the pregnancy or the index
 *       episode is gone or another alert of the same pregnancy holds its trigger;</li>
 *   <li>cohort contributions: the first follow-up pair after the index episode per site; changed ones are re-sent,
 *       vanished ones retracted with a tombstone;</li>
 *   <li>the patient timeline is re-written at every decision.</li>
 * </ul>
 *
 * <p>Store keys (after {@code <patientId>|}): {@code C|<changeId>}, {@code B|<originalAlertId>},
 * {@code R|<originalAlertId>}, {@code K|<site>}.
 */
public final class OutputPlanner {

    static final String ROW = "C|";
    static final String BMD_ALERT = "B|";
    static final String RECURRENCE_ALERT = "R|";
    static final String CONTRIBUTION = "K|";

    private final ClinicalRules rules;
    private final ContractMapper mapper;
    private final String ruleSetVersion;

    public OutputPlanner(ClinicalRules rules) {
        this.rules = rules;
        this.ruleSetVersion = rules.config().ruleSetVersion();
        this.mapper = new ContractMapper(ruleSetVersion);
    }

    /**
     * What one decision emits, in order, and the patient-outputs entries it writes (key after {@code <patientId>|};
     * a null value deletes).
     */
    public record Decision(List<TrackerOutput> outputs, Map<String, PatientOutput> writes) {
    }

    /**
     * Decides the patient as of the last of {@code sweep}.
     *
     * @param knowledge every version of every event of hers
     * @param sweep     the decided instants, ascending: alerts newly warranted at any of them are raised; everything
     *                  is stated as known at the last one. One instant for an on-time decision; for a late event, its
     *                  own recordedAt and every instant of hers decided since
     * @param emitted   her patient-outputs entries by key after {@code <patientId>|}, in key order
     * @param epoch     her history epoch ({@link AlertIds#FIRST_EPOCH} until her first erasure)
     */
    public Decision decide(PatientKnowledge knowledge, List<Long> sweep, SortedMap<String, PatientOutput> emitted,
                           String epoch) {
        return decide(knowledge, sweep, emitted, epoch, null, null);
    }

    /**
     * As {@link #decide(PatientKnowledge, List, SortedMap, String)}, re-judging only what the versions new to this
     * decision can have changed (docs/architecture.md, "Cost of a decision"): the same decision, at a cost that
     * follows what changed rather than the length of her history.
     *
     * @param newInstants    the recordedAt instants of the versions no earlier decision reflected (her pending
     *                       instants up to the last of {@code sweep}); null: judge everything
     * @param decidedThrough the instant her previous decision was taken as of; null when there was none
     */
    public Decision decide(PatientKnowledge knowledge, List<Long> sweep, SortedMap<String, PatientOutput> emitted,
                           String epoch, java.util.Collection<Long> newInstants, Long decidedThrough) {
        if (sweep.isEmpty()) {
            throw new IllegalArgumentException("a decision needs at least one instant");
        }
        long asOf = sweep.get(sweep.size() - 1);
        PatientRecord now = knowledge.asOf(asOf);
        PatientHistory history = now.history();
        Run run = new Run(knowledge, sweep, emitted, epoch, now, history,
                windowStart(knowledge, history, sweep, newInstants, decidedThrough));
        run.rows();
        run.alerts();
        run.contributions();
        run.timeline();
        return new Decision(run.out, run.writes);
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

    /**
     * The earliest clinical date this decision must re-judge pairs from, or null for all of them. A pair's judgement
     * depends on the scans at its site up to its later scan, on the events dated up to that scan (treatments,
     * fractures, deliveries) and on the index episode; so when the episode is unchanged, only pairs whose later scan
     * is dated on or after the earliest clinical date of a new version (any revision of the event, so an amended
     * date counts at both dates) can change, together with the pair ending at each site's last scan before that
     * date (it may become adjacent to a later scan, or the newest at its site). A late event (a sweep over several
     * instants) and a first decision judge everything.
     */
    LocalDate windowStart(PatientKnowledge knowledge, PatientHistory after, List<Long> sweep,
                          java.util.Collection<Long> newInstants, Long decidedThrough) {
        if (newInstants == null || decidedThrough == null || sweep.size() > 1) {
            return null;
        }
        long asOf = sweep.get(sweep.size() - 1);
        Set<Long> fresh = new HashSet<>();
        for (long instant : newInstants) {
            if (instant <= asOf) {
                fresh.add(instant);
            }
        }
        LocalDate changedFrom = null;
        boolean episodeInputs = false;
        for (String eventId : knowledge.eventIdsRecordedAt(fresh)) {
            for (SpecificRecord version : knowledge.versions(eventId)) {
                LocalDate date = ClinicalEvent.clinicalDate(version);
                if (changedFrom == null || date.isBefore(changedFrom)) {
                    changedFrom = date;
                }
                // the index episode is found from deliveries, fractures and scans only (IndexEpisodeRule)
                episodeInputs |= !(version instanceof TreatmentRecorded || version instanceof PregnancyConfirmed);
            }
        }
        if (changedFrom == null) {
            return null;
        }
        PatientHistory before = episodeInputs ? knowledge.without(fresh).asOf(decidedThrough).history() : after;
        if (episodeInputs && !rules.episodes().find(before).equals(rules.episodes().find(after))) {
            return null;
        }
        Map<Site, LocalDate> lastBefore = new EnumMap<>(Site.class);
        lastScanBefore(after, changedFrom, lastBefore);
        if (before != after) {
            lastScanBefore(before, changedFrom, lastBefore);
        }
        LocalDate start = changedFrom;
        for (LocalDate date : lastBefore.values()) {
            if (date.isBefore(start)) {
                start = date;
            }
        }
        return start;
    }

    /** For each site, the latest date of a scan measuring it dated before {@code day} (kept when later). */
    private static void lastScanBefore(PatientHistory history, LocalDate day, Map<Site, LocalDate> latest) {
        for (DxaScan scan : history.scans()) {
            if (!scan.date().isBefore(day)) {
                continue;
            }
            for (Measurement m : scan.measurements()) {
                latest.merge(m.site(), scan.date(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    /** One decision's working state. */
    private final class Run {
        private final PatientKnowledge knowledge;
        private final List<Long> sweep;
        private final SortedMap<String, PatientOutput> emitted;
        private final String epoch;
        private final String patientId;
        private final long asOf;
        private final PatientRecord now;
        private final PatientHistory history;
        private final PatientAssessment assessment;
        private final String decidedEvents;
        /** Pairs whose later scan is dated before this day are unchanged and not re-judged (null: none). */
        private final LocalDate window;
        private final Map<String, LocalDate> scanDates = new java.util.HashMap<>();
        private final List<TrackerOutput> out = new ArrayList<>();
        private final Map<String, PatientOutput> writes = new LinkedHashMap<>();

        Run(PatientKnowledge knowledge, List<Long> sweep, SortedMap<String, PatientOutput> emitted, String epoch,
            PatientRecord now, PatientHistory history, LocalDate window) {
            this.knowledge = knowledge;
            this.sweep = List.copyOf(sweep);
            this.emitted = emitted;
            this.epoch = epoch;
            this.window = window;
            this.patientId = knowledge.patientId();
            this.asOf = sweep.get(sweep.size() - 1);
            this.now = now;
            this.history = history;
            this.assessment = rules.assess(history, window);
            history.scans().forEach(scan -> scanDates.put(scan.eventId(), scan.date()));
            this.decidedEvents = String.join(", ", knowledge.eventIdsRecordedAt(sweep));
        }

        // ---- bmd-change rows ----------------------------------------------------------------------------------

        void rows() {
            Set<String> current = new HashSet<>();
            for (ScanPair pair : assessment.pairs()) {
                BmdChange row = mapper.changeRow(patientId, pair);
                current.add(row.getChangeId());
                String fingerprint = EventFingerprint.of(row);
                EmittedChangeRow before = emittedRow(row.getChangeId());
                if (before == null || before.getSuperseded()
                        || !before.getContentFingerprint().equals(fingerprint)) {
                    out.add(new TrackerOutput(TrackerOutput.Kind.BMD_CHANGE, patientId, row));
                    writes.put(ROW + row.getChangeId(), new PatientOutput(new EmittedChangeRow(row.getChangeId(),
                            pair.site().name(), pair.earlierScan().eventId(), pair.laterScan().eventId(),
                            fingerprint, false)));
                }
            }
            for (Map.Entry<String, PatientOutput> entry : entries(ROW)) {
                EmittedChangeRow before = (EmittedChangeRow) entry.getValue().getOutput();
                if (before.getSuperseded() || current.contains(before.getChangeId())
                        || outsideWindow(before.getLaterScanEventId())) {
                    continue;
                }
                Site site = Site.valueOf(before.getSite());
                Optional<DxaScan> earlier = scan(before.getEarlierScanEventId(), site);
                Optional<DxaScan> later = scan(before.getLaterScanEventId(), site);
                if (earlier.isEmpty() || later.isEmpty()) {
                    continue;
                }
                rules.changes().pairOf(history, assessment.episode(), site, earlier.get(), later.get())
                        .ifPresent(pair -> {
                            BmdChange row = BmdChange.newBuilder(mapper.changeRow(patientId, pair))
                                    .setStatus(RowStatus.SUPERSEDED).build();
                            out.add(new TrackerOutput(TrackerOutput.Kind.BMD_CHANGE, patientId, row));
                            writes.put(entry.getKey(), new PatientOutput(new EmittedChangeRow(before.getChangeId(),
                                    before.getSite(), before.getEarlierScanEventId(), before.getLaterScanEventId(),
                                    EventFingerprint.of(row), true)));
                        });
            }
        }

        /** True when a pair ending at this scan (in force now) lies before the window: unchanged, not re-judged. */
        private boolean outsideWindow(String laterScanEventId) {
            LocalDate date = scanDates.get(laterScanEventId);
            return window != null && date != null && date.isBefore(window);
        }

        private EmittedChangeRow emittedRow(String changeId) {
            PatientOutput o = emitted.get(ROW + changeId);
            return o == null ? null : (EmittedChangeRow) o.getOutput();
        }

        /**
         * A scan measuring {@code site}, to re-state a row: as known now, else its latest version that stood and
         * measured the site (the scan was since retracted, or amended without that site).
         */
        private Optional<DxaScan> scan(String eventId, Site site) {
            Optional<DxaScan> current = now.event(eventId).flatMap(this::asScan).filter(s -> s.at(site).isPresent());
            if (current.isPresent()) {
                return current;
            }
            List<SpecificRecord> versions = knowledge.versions(eventId);
            for (int i = versions.size() - 1; i >= 0; i--) {
                SpecificRecord v = versions.get(i);
                if (!ClinicalEvent.enteredInError(v)) {
                    Optional<DxaScan> scan = asScan(v).filter(s -> s.at(site).isPresent());
                    if (scan.isPresent()) {
                        return scan;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<DxaScan> asScan(SpecificRecord event) {
            return Optional.of(event).filter(e -> e instanceof DxaScanRecorded)
                    .flatMap(e -> PatientHistoryMapper.toHistory(patientId, List.of(e)).scans().stream().findFirst());
        }

        // ---- alerts -------------------------------------------------------------------------------------------

        void alerts() {
            Set<String> bmdRaised = new HashSet<>();
            for (Map.Entry<String, PatientOutput> e : entries(BMD_ALERT)) {
                RaisedAlert raised = (RaisedAlert) e.getValue().getOutput();
                if (!raised.getWithdrawn()) {
                    bmdRaised.add(raised.getOriginalAlertId());
                }
            }
            List<RecurrenceEntry> recurrence = new ArrayList<>();
            for (Map.Entry<String, PatientOutput> e : entries(RECURRENCE_ALERT)) {
                RaisedAlert raised = (RaisedAlert) e.getValue().getOutput();
                if (!raised.getWithdrawn()) {
                    recurrence.add(new RecurrenceEntry(raised.getOriginalAlertId(), raised.getMemberEventIds(),
                            raised));
                }
            }
            Set<String> bmdCandidates = new LinkedHashSet<>();
            Map<String, Long> warranted = new LinkedHashMap<>();
            for (long instant : sweep) {
                PatientHistory known = instant == asOf ? history : knowledge.asOf(instant).history();
                PatientAssessment then = instant == asOf ? assessment : rules.assess(known);
                Map<Site, String> newest = newestScanPerSite(known);
                for (ScanPair pair : then.pairs()) {
                    String id = bmdAlertId(pair);
                    if (pair.alertWorthy() && pair.laterScan().eventId().equals(newest.get(pair.site()))) {
                        warranted.putIfAbsent(id, instant);
                        if (bmdRaised.add(id)) {
                            bmdCandidates.add(id);
                        }
                    }
                }
                for (RecurrenceAssessment a : then.laterPregnancies()) {
                    List<String> members = a.pregnancy().memberEventIds();
                    String id = recurrenceAlertId(a);
                    RecurrenceEntry entry = recurrence.stream().filter(r -> r.originalId.equals(id)).findFirst()
                            .or(() -> recurrence.stream().filter(r -> r.overlaps(members)).findFirst()).orElse(null);
                    if (entry == null) {
                        recurrence.add(new RecurrenceEntry(id, members, null));
                        warranted.putIfAbsent(id, instant);
                    } else {
                        entry.members.addAll(members);
                    }
                }
            }
            this.warranted = warranted;
            bmdAlerts(bmdCandidates);
            recurrenceAlerts(recurrence);
        }

        /** Alert id → the first instant of this decision's sweep at which it was newly warranted. */
        private Map<String, Long> warranted = Map.of();

        private void bmdAlerts(Set<String> candidates) {
            Map<String, ScanPair> pairs = new LinkedHashMap<>();
            for (ScanPair pair : assessment.pairs()) {
                pairs.put(bmdAlertId(pair), pair);
            }
            for (Map.Entry<String, PatientOutput> e : entries(BMD_ALERT)) {
                RaisedAlert raised = (RaisedAlert) e.getValue().getOutput();
                if (raised.getWithdrawn() || outsideWindow(((BmdChangeAlert) raised.getLast()).getChange()
                        .getLaterScanEventId())) {
                    continue;
                }
                ScanPair pair = pairs.get(raised.getOriginalAlertId());
                if (pair == null || !pair.alertWorthy()) {
                    withdraw(BMD_ALERT, raised, List.of(), pair == null ? goneReason((BmdChangeAlert) raised.getLast())
                            : "no longer alert-worthy: " + pair.comparison().classification() + " at " + pair.site()
                            + " without a severity factor");
                } else if (raised.getWarrantedAt() >= sweep.get(0)
                        && !warranted.containsKey(raised.getOriginalAlertId())) {
                    // raised at an instant this decision re-decided, on what was known then: an event recorded by
                    // that instant arrived since, and with it the alert is warranted at no instant from there on
                    withdraw(BMD_ALERT, raised, List.of(), "not warranted with what is now known: its later scan was"
                            + " not the newest at its site when recorded");
                } else {
                    update(BMD_ALERT, raised, bmdAlert(pair, raised.getOriginalAlertId()), List.of());
                }
            }
            for (String id : candidates) {
                ScanPair pair = pairs.get(id);
                if (pair != null && pair.alertWorthy()) {
                    raise(BMD_ALERT, id, bmdAlert(pair, id), List.of());
                }
            }
        }

        private void recurrenceAlerts(List<RecurrenceEntry> entries) {
            Set<RecurrenceEntry> assigned = new HashSet<>();
            for (RecurrenceAssessment a : assessment.laterPregnancies()) {
                List<String> members = a.pregnancy().memberEventIds();
                String id = recurrenceAlertId(a);
                RecurrenceEntry keeper = entries.stream().filter(r -> !assigned.contains(r) && r.originalId.equals(id))
                        .findFirst().or(() -> entries.stream().filter(r -> !assigned.contains(r) && r.overlaps(members))
                                .findFirst()).orElse(null);
                if (keeper == null) {
                    keeper = new RecurrenceEntry(id, members, null);
                }
                assigned.add(keeper);
                keeper.members.addAll(members);
                RecurrenceRiskAlert alert = recurrenceAlert(a, keeper.originalId);
                List<String> memberList = List.copyOf(keeper.members);
                if (keeper.raised != null) {
                    update(RECURRENCE_ALERT, keeper.raised, alert, memberList);
                } else {
                    raise(RECURRENCE_ALERT, keeper.originalId, alert, memberList);
                }
            }
            for (RecurrenceEntry entry : entries) {
                if (assigned.contains(entry) || entry.raised == null) {
                    continue;
                }
                String reason;
                if (assessment.episode().isEmpty()) {
                    reason = "no index episode is known any more";
                } else {
                    reason = assessment.laterPregnancies().stream().filter(a -> entry.overlaps(
                            a.pregnancy().memberEventIds())).findFirst()
                            .map(a -> "the same pregnancy is alerted from its event " + a.pregnancy().triggerEventId())
                            .orElse("the pregnancy's events " + entry.members + " no longer make a later pregnancy");
                }
                withdraw(RECURRENCE_ALERT, entry.raised, List.copyOf(entry.members), reason);
            }
        }

        /** A new alert, or one warranted again after it was withdrawn. */
        private void raise(String kind, String originalId, SpecificRecord content, List<String> members) {
            PatientOutput before = emitted.get(kind + originalId);
            if (before != null) {
                RaisedAlert withdrawn = (RaisedAlert) before.getOutput();
                emit(kind, withdrawn, content, AlertStatus.CORRECTED, "warranted again", members, false);
                return;
            }
            SpecificRecord record = AlertRecords.stamped(content, AlertStatus.RAISED, originalId, originalId, null, 0,
                    null, asOf);
            out.add(new TrackerOutput(AlertRecords.kind(record), patientId, record));
            writes.put(kind + originalId, new PatientOutput(new RaisedAlert(originalId, false,
                    new ArrayList<>(members), warranted.getOrDefault(originalId, asOf), record)));
        }

        /** An alert raised before: CORRECTED when its content changed, else only its pregnancy's events updated. */
        private void update(String kind, RaisedAlert raised, SpecificRecord content, List<String> members) {
            long warrantedAt = raised.getWarrantedAt() >= sweep.get(0)
                    ? warranted.getOrDefault(raised.getOriginalAlertId(), raised.getWarrantedAt())
                    : raised.getWarrantedAt();
            if (!AlertRecords.sameContent(content, (SpecificRecord) raised.getLast())) {
                emit(kind, raised, content, AlertStatus.CORRECTED, "changed", members, false);
            } else if (!members.isEmpty() && !members.equals(raised.getMemberEventIds())
                    || warrantedAt != raised.getWarrantedAt()) {
                writes.put(kind + raised.getOriginalAlertId(), new PatientOutput(new RaisedAlert(
                        raised.getOriginalAlertId(), false, new ArrayList<>(members.isEmpty()
                        ? raised.getMemberEventIds() : members), warrantedAt, raised.getLast())));
            }
        }

        private void withdraw(String kind, RaisedAlert raised, List<String> members, String why) {
            emit(kind, raised, (SpecificRecord) raised.getLast(), AlertStatus.WITHDRAWN, why, members, true);
        }

        private void emit(String kind, RaisedAlert previous, SpecificRecord content, AlertStatus status, String why,
                          List<String> members, boolean withdrawn) {
            String original = previous.getOriginalAlertId();
            int revision = AlertRecords.revision((SpecificRecord) previous.getLast()) + 1;
            String reason = why + " (decided as of " + Instant.ofEpochMilli(asOf) + " after "
                    + (decidedEvents.isEmpty() ? "a re-decision" : "events " + decidedEvents) + ")";
            SpecificRecord record = AlertRecords.stamped(content, status, AlertIds.revisionId(original, revision),
                    original, AlertRecords.alertId((SpecificRecord) previous.getLast()), revision, reason, asOf);
            out.add(new TrackerOutput(AlertRecords.kind(record), patientId, record));
            long warrantedAt = status == AlertStatus.WITHDRAWN ? previous.getWarrantedAt()
                    : previous.getWithdrawn() || previous.getWarrantedAt() >= sweep.get(0)
                    ? warranted.getOrDefault(original, previous.getWarrantedAt()) : previous.getWarrantedAt();
            writes.put(kind + original, new PatientOutput(new RaisedAlert(original, withdrawn,
                    new ArrayList<>(members.isEmpty() ? previous.getMemberEventIds() : members), warrantedAt,
                    record)));
        }

        /** Why a raised BMD-change alert's pair is gone: a retracted scan, or one now known between the two. */
        private String goneReason(BmdChangeAlert last) {
            BmdChange change = last.getChange();
            Site site = Site.valueOf(change.getSite().name());
            for (String scanId : List.of(change.getEarlierScanEventId(), change.getLaterScanEventId())) {
                if (now.event(scanId).isEmpty()) {
                    return "scan " + scanId + " was retracted (entered in error)";
                }
                if (now.event(scanId).flatMap(this::asScan).filter(s -> s.at(site).isPresent()).isEmpty()) {
                    return "scan " + scanId + " no longer measures " + site + " (amended)";
                }
            }
            List<String> between = history.scans().stream().filter(s -> s.at(site).isPresent()
                    && !s.date().isBefore(change.getEarlierDate()) && !s.date().isAfter(change.getLaterDate())
                    && !s.eventId().equals(change.getEarlierScanEventId())
                    && !s.eventId().equals(change.getLaterScanEventId()))
                    .map(DxaScan::eventId).toList();
            return "scans " + change.getEarlierScanEventId() + " and " + change.getLaterScanEventId()
                    + " are no longer adjacent at " + site + (between.isEmpty() ? ""
                    : ": " + String.join(", ", between) + " now known between them");
        }

        private BmdChangeAlert bmdAlert(ScanPair pair, String originalId) {
            BmdChange row = mapper.changeRow(patientId, pair);
            SpecificRecord trigger = now.lastRecordedUpTo(pair.laterScan().date()).orElseThrow();
            BmdChangeAlert alert = mapper.bmdAlert(patientId, pair, row, ClinicalEvent.eventId(trigger),
                    ClinicalEvent.recordedAt(trigger));
            return BmdChangeAlert.newBuilder(alert).setAlertId(originalId).setOriginalAlertId(originalId).build();
        }

        private RecurrenceRiskAlert recurrenceAlert(RecurrenceAssessment a, String originalId) {
            SpecificRecord latest = now.lastRecordedUpTo(a.pregnancy().triggerDate()).orElseThrow();
            RecurrenceRiskAlert alert = mapper.recurrenceAlert(patientId, a, ClinicalEvent.recordedAt(latest));
            return RecurrenceRiskAlert.newBuilder(alert).setAlertId(originalId).setOriginalAlertId(originalId).build();
        }

        private String bmdAlertId(ScanPair pair) {
            return AlertIds.inEpoch(AlertIds.bmdAlertId(patientId, pair.site().name(), pair.earlierScan().eventId(),
                    pair.laterScan().eventId(), ruleSetVersion), epoch);
        }

        private String recurrenceAlertId(RecurrenceAssessment a) {
            return AlertIds.inEpoch(AlertIds.recurrenceAlertId(patientId, a.pregnancy().triggerEventId(),
                    ruleSetVersion), epoch);
        }

        // ---- cohort contributions and timeline ------------------------------------------------------------------

        void contributions() {
            Map<String, CohortContribution> current = new LinkedHashMap<>();
            for (ScanPair pair : assessment.pairs()) {
                if (pair.firstFollowUpAfterEpisode() && pair.comparison().comparable()) {
                    current.put(pair.site().name(), CohortContribution.newBuilder().setSite(pair.site().name())
                            .setTreatmentGroup(pair.treatment().group().name())
                            .setChangeId(mapper.changeRow(patientId, pair).getChangeId())
                            .setDeltaZ(pair.comparison().deltaZ()).setDeltaT(pair.comparison().deltaT())
                            .setBmdChangePercent(pair.comparison().bmdChangePercent())
                            .setMonthsBetween(pair.monthsBetween()).build());
                }
            }
            for (Map.Entry<String, PatientOutput> e : entries(CONTRIBUTION)) {
                CohortContribution before = (CohortContribution) e.getValue().getOutput();
                if (!current.containsKey(before.getSite())) {
                    out.add(new TrackerOutput(TrackerOutput.Kind.COHORT_CONTRIBUTION,
                            contributionKey(patientId, before.getSite()), null));
                    writes.put(e.getKey(), null);
                }
            }
            for (CohortContribution c : current.values()) {
                PatientOutput before = emitted.get(CONTRIBUTION + c.getSite());
                if (before == null || !c.equals(before.getOutput())) {
                    out.add(new TrackerOutput(TrackerOutput.Kind.COHORT_CONTRIBUTION,
                            contributionKey(patientId, c.getSite()), c));
                    writes.put(CONTRIBUTION + c.getSite(), new PatientOutput(c));
                }
            }
        }

        void timeline() {
            String lastEventId = now.lastRecorded().map(ClinicalEvent::eventId).orElseGet(() -> {
                SpecificRecord last = knowledge.lastRecordedVersion();
                return last == null ? "" : ClinicalEvent.eventId(last);
            });
            out.add(new TrackerOutput(TrackerOutput.Kind.PATIENT_TIMELINE, patientId, TimelineBuilder.build(now,
                    lastEventId, assessment.episode().map(ContractMapper::episode))));
        }

        private List<Map.Entry<String, PatientOutput>> entries(String kind) {
            return List.copyOf(emitted.subMap(kind, kind + Character.MAX_VALUE).entrySet());
        }
    }

    /** For each site, the event id of the newest scan measuring it (clinical order, as the rules order scans). */
    private static Map<Site, String> newestScanPerSite(PatientHistory history) {
        Map<Site, String> newest = new EnumMap<>(Site.class);
        for (DxaScan scan : history.scans()) {
            for (Site site : Site.values()) {
                if (scan.at(site).isPresent()) {
                    newest.put(site, scan.eventId());
                }
            }
        }
        return newest;
    }

    /** A recurrence-risk alert raised before (or to be raised) and the events of its pregnancy. */
    private static final class RecurrenceEntry {
        final String originalId;
        final Set<String> members;
        final RaisedAlert raised;

        RecurrenceEntry(String originalId, List<String> members, RaisedAlert raised) {
            this.originalId = originalId;
            this.members = new LinkedHashSet<>(members);
            this.raised = raised;
        }

        boolean overlaps(List<String> others) {
            return others.stream().anyMatch(members::contains);
        }
    }
}
