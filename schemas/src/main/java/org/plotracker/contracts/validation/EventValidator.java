package org.plotracker.contracts.validation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.EntryStatus;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TreatmentAction;
import org.plotracker.contracts.events.TreatmentRecorded;

/**
 * Checks a clinic event for impossible values and missing required parts before it is published or processed.
 *
 * <p>It returns <em>every</em> violation it finds, not only the first, so that a clinic can correct a record in one
 * pass. It does not judge clinical meaning (a Z-score of -4 is valid); it rejects what cannot come from a real record.
 * Its one use of time: a {@code recordedAt} later than its clock (the time of publishing or processing) plus
 * {@link ValidationLimits#maxRecordedAtAhead()} is refused; the clinical date is compared with the event's own
 * {@code recordedAt}. Thread-safe.
 *
 * <p>An enum value {@code UNKNOWN} is accepted wherever a value is present: it is what a reader decodes when a newer
 * producer writes a symbol this version does not know (the contracts' enum default), and new symbols must not break
 * old readers. The rules leave such a value out and the timeline says so. A missing (null) required value is still
 * refused.
 */
public final class EventValidator {

    private static final Set<Vertebra> LUMBAR_SPINE_LEVELS = EnumSet.of(Vertebra.L1, Vertebra.L2, Vertebra.L3,
            Vertebra.L4);
    private static final int MIN_GENANT_GRADE = 1;
    private static final int MAX_GENANT_GRADE = 3;

    private final ValidationLimits limits;
    private final Clock clock;

    /** A validator whose clock is the system clock (UTC). */
    public EventValidator(ValidationLimits limits) {
        this(limits, Clock.systemUTC());
    }

    /** A validator judging {@code recordedAt} against {@code clock} (the time of publishing or processing). */
    public EventValidator(ValidationLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A validator with {@link ValidationLimits#defaults()} and the system clock. */
    public static EventValidator withDefaults() {
        return new EventValidator(ValidationLimits.defaults());
    }

    public ValidationLimits limits() {
        return limits;
    }

    /**
     * Validates one event.
     *
     * @return every violation found, in field order; empty when the event is valid
     */
    public List<Violation> validate(SpecificRecord event) {
        Violations v = new Violations();
        if (event == null) {
            v.add("event", "is missing (null)");
        } else if (event instanceof DeliveryRecorded e) {
            validateDelivery(e, v);
        } else if (event instanceof PregnancyConfirmed e) {
            validatePregnancy(e, v);
        } else if (event instanceof FractureDiagnosed e) {
            validateFracture(e, v);
        } else if (event instanceof DxaScanRecorded e) {
            validateDxaScan(e, v);
        } else if (event instanceof TreatmentRecorded e) {
            validateTreatment(e, v);
        } else if (event instanceof ErasureRequested e) {
            validateErasure(e, v);
        } else {
            v.add("event", "unsupported event type " + event.getClass().getName());
        }
        if (event != null && event.getSchema().getField("revision") != null) {
            revision(event, v);
        }
        return v.list();
    }

    /** True when {@link #validate} finds nothing. */
    public boolean isValid(SpecificRecord event) {
        return validate(event).isEmpty();
    }

    // ---- event types -------------------------------------------------------------------------------------------

    private void validateDelivery(DeliveryRecorded e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
        clinicalDate(e.getClinicalDate(), e.getRecordedAt(), v);
        Integer parity = e.getParity();
        if (parity != null && (parity < limits.minParity() || parity > limits.maxParity())) {
            v.add("parity", "parity " + parity + " is outside " + limits.minParity() + ".." + limits.maxParity()
                    + " (births including this one)");
        }
        gestationalWeeks("gestationalWeeks", e.getGestationalWeeks(), v);
    }

    private void validatePregnancy(PregnancyConfirmed e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
        clinicalDate(e.getClinicalDate(), e.getRecordedAt(), v);
        gestationalWeeks("gestationalWeeksAtConfirmation", e.getGestationalWeeksAtConfirmation(), v);
        LocalDate due = e.getEstimatedDueDate();
        LocalDate confirmed = e.getClinicalDate();
        if (due != null && confirmed != null) {
            LocalDate latestDue = confirmed.plusWeeks(limits.maxGestationalWeeks());
            if (!due.isAfter(confirmed)) {
                v.add("estimatedDueDate", "due date " + due + " is not after the confirmation date " + confirmed);
            } else if (due.isAfter(latestDue)) {
                v.add("estimatedDueDate", "due date " + due + " is more than " + limits.maxGestationalWeeks()
                        + " weeks after the confirmation date " + confirmed);
            }
        }
    }

    private void validateFracture(FractureDiagnosed e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
        clinicalDate(e.getClinicalDate(), e.getRecordedAt(), v);
        LocalDate onset = e.getSymptomOnsetDate();
        if (onset != null) {
            if (onset.isBefore(limits.earliestClinicalDate())) {
                v.add("symptomOnsetDate", "date " + onset + " is before " + limits.earliestClinicalDate());
            } else if (e.getClinicalDate() != null && onset.isAfter(e.getClinicalDate())) {
                v.add("symptomOnsetDate", "symptom onset " + onset + " is after the diagnosis date "
                        + e.getClinicalDate());
            }
        }
        List<FractureSite> fractures = e.getFractures();
        if (fractures == null || fractures.isEmpty()) {
            v.add("fractures", "at least one fracture site is required");
            return;
        }
        Set<Vertebra> seenVertebrae = EnumSet.noneOf(Vertebra.class);
        for (int i = 0; i < fractures.size(); i++) {
            String path = "fractures[" + i + "]";
            FractureSite site = fractures.get(i);
            if (site == null) {
                v.add(path, "is missing (null)");
                continue;
            }
            SkeletalRegion region = site.getRegion();
            Vertebra vertebra = site.getVertebra();
            if (region == null) {
                v.add(path + ".region", "a skeletal region is required");
            } else if (region == SkeletalRegion.VERTEBRA) {
                if (vertebra == null) {
                    v.add(path + ".vertebra", "a vertebral level is required when region is VERTEBRA");
                } else if (vertebra != Vertebra.UNKNOWN && !seenVertebrae.add(vertebra)) {
                    v.add(path + ".vertebra", "vertebra " + vertebra + " is listed more than once");
                }
            } else if (vertebra != null && region != SkeletalRegion.UNKNOWN) {
                v.add(path + ".vertebra", "a vertebral level is only allowed when region is VERTEBRA, not " + region);
            }
            Integer grade = site.getGenantGrade();
            if (grade != null && (grade < MIN_GENANT_GRADE || grade > MAX_GENANT_GRADE)) {
                v.add(path + ".genantGrade", "Genant grade " + grade + " is outside " + MIN_GENANT_GRADE + ".."
                        + MAX_GENANT_GRADE);
            }
        }
    }

    private void validateDxaScan(DxaScanRecorded e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
        clinicalDate(e.getClinicalDate(), e.getRecordedAt(), v);
        if (e.getDevice() == null) {
            v.add("device", "is required");
        }
        List<SiteMeasurement> measurements = e.getMeasurements();
        boolean hasLumbarSpine = false;
        if (measurements == null || measurements.isEmpty()) {
            v.add("measurements", "at least one site measurement is required");
        } else {
            Set<DxaSite> seenSites = EnumSet.noneOf(DxaSite.class);
            for (int i = 0; i < measurements.size(); i++) {
                String path = "measurements[" + i + "]";
                SiteMeasurement m = measurements.get(i);
                if (m == null) {
                    v.add(path, "is missing (null)");
                    continue;
                }
                DxaSite site = m.getSite();
                if (site == null) {
                    v.add(path + ".site", "a DXA site is required");
                } else if (site != DxaSite.UNKNOWN && !seenSites.add(site)) {
                    v.add(path + ".site", "site " + site + " is measured more than once in one scan");
                }
                hasLumbarSpine |= site == DxaSite.LUMBAR_SPINE;
                Double bmd = m.getBmdGramsPerCm2();
                Double t = m.getTScore();
                Double z = m.getZScore();
                if (bmd == null && t == null && z == null) {
                    v.add(path, "at least one of bmdGramsPerCm2, tScore, zScore is required");
                }
                if (bmd != null && (!Double.isFinite(bmd) || bmd < limits.minBmdGramsPerCm2()
                        || bmd > limits.maxBmdGramsPerCm2())) {
                    v.add(path + ".bmdGramsPerCm2", "BMD " + bmd + " g/cm² is outside " + limits.minBmdGramsPerCm2()
                            + ".." + limits.maxBmdGramsPerCm2());
                }
                score(path + ".tScore", "T-score", t, v);
                score(path + ".zScore", "Z-score", z, v);
            }
        }
        List<Vertebra> excluded = e.getExcludedVertebrae();
        if (excluded != null && !excluded.isEmpty()) {
            Set<Vertebra> seen = new HashSet<>();
            for (int i = 0; i < excluded.size(); i++) {
                Vertebra level = excluded.get(i);
                String path = "excludedVertebrae[" + i + "]";
                if (level == null || (level != Vertebra.UNKNOWN && !LUMBAR_SPINE_LEVELS.contains(level))) {
                    v.add(path, "only lumbar-spine levels L1..L4 can be excluded, not " + level);
                } else if (level != Vertebra.UNKNOWN && !seen.add(level)) {
                    v.add(path, "level " + level + " is listed more than once");
                }
            }
            if (measurements != null && !measurements.isEmpty() && !hasLumbarSpine) {
                v.add("excludedVertebrae", "levels are excluded but the scan has no LUMBAR_SPINE measurement");
            }
        }
    }

    private void validateTreatment(TreatmentRecorded e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
        clinicalDate(e.getClinicalDate(), e.getRecordedAt(), v);
        TreatmentAction action = e.getAction();
        TreatmentAgent agent = e.getAgent();
        TreatmentAgent previous = e.getPreviousAgent();
        if (action == null) {
            v.add("action", "an action (STARTED, STOPPED, CHANGED) is required");
        }
        if (agent == null) {
            v.add("agent", "a treatment agent is required");
        }
        if (action == TreatmentAction.CHANGED) {
            if (previous == null) {
                v.add("previousAgent", "the previous agent is required when action is CHANGED");
            } else if (previous == agent && agent != TreatmentAgent.UNKNOWN) {
                v.add("previousAgent", "the previous agent equals the new agent " + agent
                        + "; a change needs two different agents");
            }
        } else if (previous != null && action != null && action != TreatmentAction.UNKNOWN) {
            v.add("previousAgent", "is only allowed when action is CHANGED, not " + action);
        }
        if (action == TreatmentAction.STARTED && e.getStopReason() != null) {
            v.add("stopReason", "is not allowed when action is STARTED");
        }
        Double dose = e.getDoseAmount();
        if (dose != null && (!Double.isFinite(dose) || dose <= 0)) {
            v.add("doseAmount", "dose " + dose + " must be a positive number");
        }
        if (dose != null && isBlank(e.getDoseUnit())) {
            v.add("doseUnit", "a unit is required when a dose amount is given");
        }
    }

    private void validateErasure(ErasureRequested e, Violations v) {
        common(e.getEventId(), e.getPatientId(), e.getSourceSystem(), e.getRecordedAt(), v);
    }

    // ---- shared checks -----------------------------------------------------------------------------------------

    /**
     * Revision and entry status of a clinical event: the revision is 0 or more, the status is known, and a retraction
     * (ENTERED_IN_ERROR) is a later revision of an event already sent, so its revision is at least 1.
     */
    private static void revision(SpecificRecord event, Violations v) {
        Object revision = event.get(event.getSchema().getField("revision").pos());
        Object status = event.get(event.getSchema().getField("entryStatus").pos());
        if (revision instanceof Integer r && r < 0) {
            v.add("revision", "revision " + r + " is negative");
        }
        if (status == null || status == EntryStatus.UNKNOWN) {
            v.add("entryStatus", "a known entry status (ENTERED, ENTERED_IN_ERROR) is required");
        } else if (status == EntryStatus.ENTERED_IN_ERROR && revision instanceof Integer r && r < 1) {
            v.add("entryStatus", "ENTERED_IN_ERROR retracts an event sent before: send it with the same eventId"
                    + " and a higher revision (at least 1)");
        }
    }

    private void common(String eventId, String patientId, String sourceSystem, Instant recordedAt, Violations v) {
        required("eventId", eventId, v);
        required("patientId", patientId, v);
        if (patientId != null && patientId.indexOf('|') >= 0) {
            v.add("patientId", "must not contain '|' (the tracker's store keys use it as a separator)");
        }
        if (recordedAt == null) {
            v.add("recordedAt", "is required");
        } else if (utcDate(recordedAt).isBefore(limits.earliestClinicalDate())) {
            v.add("recordedAt", "time " + recordedAt + " is before " + limits.earliestClinicalDate());
        } else {
            Instant now = clock.instant();
            if (recordedAt.isAfter(now.plus(limits.maxRecordedAtAhead()))) {
                v.add("recordedAt", "time " + recordedAt + " is later than the time of checking " + now + " plus "
                        + limits.maxRecordedAtAhead().toMinutes() + " minutes: a record cannot be made in the future");
            }
        }
        required("sourceSystem", sourceSystem, v);
    }

    private void clinicalDate(LocalDate clinicalDate, Instant recordedAt, Violations v) {
        if (clinicalDate == null) {
            v.add("clinicalDate", "is required");
            return;
        }
        if (clinicalDate.isBefore(limits.earliestClinicalDate())) {
            v.add("clinicalDate", "date " + clinicalDate + " is before " + limits.earliestClinicalDate());
        }
        if (recordedAt != null) {
            LocalDate recordedDate = utcDate(recordedAt);
            long daysAfter = ChronoUnit.DAYS.between(recordedDate, clinicalDate);
            if (daysAfter > limits.maxDaysClinicalAfterRecorded()) {
                v.add("clinicalDate", "date " + clinicalDate + " is " + daysAfter + " days after recordedAt "
                        + recordedAt + " (at most " + limits.maxDaysClinicalAfterRecorded() + " allowed)");
            }
        }
    }

    private void gestationalWeeks(String field, Integer weeks, Violations v) {
        if (weeks != null && (weeks < limits.minGestationalWeeks() || weeks > limits.maxGestationalWeeks())) {
            v.add(field, "gestational age " + weeks + " weeks is outside " + limits.minGestationalWeeks() + ".."
                    + limits.maxGestationalWeeks());
        }
    }

    private void score(String path, String label, Double score, Violations v) {
        if (score != null && (!Double.isFinite(score) || Math.abs(score) > limits.maxAbsScore())) {
            v.add(path, label + " " + score + " is outside " + (-limits.maxAbsScore()) + ".." + limits.maxAbsScore());
        }
    }

    private static void required(String field, String value, Violations v) {
        if (isBlank(value)) {
            v.add(field, value == null ? "is required" : "must not be blank");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Collects violations in the order they are found. */
    private static final class Violations {
        private final List<Violation> list = new ArrayList<>();

        void add(String field, String reason) {
            list.add(new Violation(field, reason));
        }

        List<Violation> list() {
            return List.copyOf(list);
        }
    }
}
