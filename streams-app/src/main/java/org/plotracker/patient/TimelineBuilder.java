package org.plotracker.patient;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.DxaSite;
import org.plotracker.contracts.common.TreatmentAgent;
import org.plotracker.contracts.derived.LatestMeasurement;
import org.plotracker.contracts.derived.PatientTimeline;
import org.plotracker.contracts.derived.TimelineEntry;
import org.plotracker.contracts.derived.TimelineEntryKind;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryMode;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaManufacturer;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.VertebralMorphology;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.common.IndexEpisode;
import org.plotracker.rules.Numbers;
import org.plotracker.rules.TreatmentExposureRule;

/** Builds the patient-timeline record (latest longitudinal record of one patient) from her record. */
public final class TimelineBuilder {

    private TimelineBuilder() {
    }

    public static PatientTimeline build(PatientRecord record, String lastEventId, Optional<IndexEpisode> episode) {
        List<SpecificRecord> events = record.events();
        List<TimelineEntry> entries = new ArrayList<>();
        Map<DxaSite, LatestMeasurement> latest = new EnumMap<>(DxaSite.class);
        for (SpecificRecord e : events) {
            entries.add(record.timelineEntry(e));
            if (e instanceof DxaScanRecorded scan) {
                for (SiteMeasurement m : scan.getMeasurements()) {
                    latest.put(m.getSite(), new LatestMeasurement(m.getSite(), scan.getClinicalDate(),
                            scan.getEventId(), m.getBmdGramsPerCm2(), m.getTScore(), m.getZScore()));
                }
            }
        }
        List<TreatmentAgent> current = List.of();
        if (!events.isEmpty()) {
            var history = record.history();
            current = new TreatmentExposureRule().ongoingOn(history.treatments(),
                    ClinicalEvent.clinicalDate(events.get(events.size() - 1))).stream()
                    .map(a -> TreatmentAgent.valueOf(a.name())).toList();
        }
        return PatientTimeline.newBuilder().setPatientId(record.patientId()).setLastEventId(lastEventId)
                .setEventCount(events.size()).setIndexEpisode(episode.orElse(null)).setEntries(entries)
                .setCurrentTreatments(new ArrayList<>(current)).setLatestMeasurements(new ArrayList<>(latest.values()))
                .build();
    }

    /** The entry of one event version: a function of the version alone. */
    static TimelineEntry entry(SpecificRecord e) {
        return new TimelineEntry(ClinicalEvent.clinicalDate(e), ClinicalEvent.eventId(e), kind(e), summary(e));
    }

    static TimelineEntryKind kind(SpecificRecord e) {
        if (e instanceof DeliveryRecorded) {
            return TimelineEntryKind.DELIVERY;
        } else if (e instanceof PregnancyConfirmed) {
            return TimelineEntryKind.PREGNANCY;
        } else if (e instanceof FractureDiagnosed) {
            return TimelineEntryKind.FRACTURE;
        } else if (e instanceof DxaScanRecorded) {
            return TimelineEntryKind.DXA_SCAN;
        } else if (e instanceof TreatmentRecorded t) {
            return switch (t.getAction()) {
                case STARTED -> TimelineEntryKind.TREATMENT_STARTED;
                case STOPPED -> TimelineEntryKind.TREATMENT_STOPPED;
                case CHANGED -> TimelineEntryKind.TREATMENT_CHANGED;
                default -> TimelineEntryKind.UNKNOWN;
            };
        }
        return TimelineEntryKind.UNKNOWN;
    }

    /** What a value this version does not know (an UNKNOWN symbol, e.g. from a newer producer) is called. */
    static final String NOT_KNOWN = "not known to this version, left out of the rules";

    /**
     * A short factual description with units and the precision of the record: BMD in g/cm² to 3 decimals, T- and
     * Z-scores to at least 1 decimal, region and excluded levels, fracture morphology and Genant grade when recorded.
     * A value this version does not know is named as such (it is left out of the rules).
     */
    static String summary(SpecificRecord e) {
        if (e instanceof DeliveryRecorded d) {
            return "Delivery " + (d.getDeliveryMode() == DeliveryMode.UNKNOWN ? "(mode not recorded)"
                    : d.getDeliveryMode().name()) + (d.getParity() != null ? ", parity " + d.getParity() : "")
                    + (d.getGestationalWeeks() != null ? ", " + d.getGestationalWeeks() + " weeks" : "")
                    + (d.getBreastFeeding() == null || d.getBreastFeeding() == BreastFeeding.UNKNOWN ? ""
                    : ", breast-feeding " + d.getBreastFeeding());
        } else if (e instanceof PregnancyConfirmed p) {
            return "Pregnancy confirmed" + (p.getGestationalWeeksAtConfirmation() != null
                    ? " at " + p.getGestationalWeeksAtConfirmation() + " weeks" : "")
                    + (p.getEstimatedDueDate() != null ? ", due " + p.getEstimatedDueDate() : "");
        } else if (e instanceof FractureDiagnosed f) {
            return "Fracture (" + f.getModality() + ", trauma " + f.getTrauma() + "): " + f.getFractures().stream()
                    .map(TimelineBuilder::fractureSite).collect(Collectors.joining(", "));
        } else if (e instanceof DxaScanRecorded s) {
            String excluded = s.getExcludedVertebrae().isEmpty() ? "" : " (" + s.getExcludedVertebrae().stream()
                    .map(v -> v == Vertebra.UNKNOWN ? "a level " + NOT_KNOWN : v.name())
                    .collect(Collectors.joining(", ")) + " excluded)";
            return "DXA " + device(s) + ": " + s.getMeasurements().stream()
                    .map(m -> measurement(m, m.getSite() == DxaSite.LUMBAR_SPINE ? excluded : ""))
                    .collect(Collectors.joining("; "));
        } else if (e instanceof TreatmentRecorded t) {
            String agent = agent(t.getAgent());
            return switch (t.getAction()) {
                case CHANGED -> agent(t.getPreviousAgent()) + " changed to " + agent;
                case STOPPED -> agent + " stopped";
                case STARTED -> agent + " started";
                case ADMINISTERED -> agent + " dose given";
                default -> agent + ": an action " + NOT_KNOWN;
            };
        }
        return e.getSchema().getName();
    }

    private static String agent(TreatmentAgent agent) {
        return agent == null || agent == TreatmentAgent.UNKNOWN ? "an agent " + NOT_KNOWN : agent.name();
    }

    private static String device(DxaScanRecorded s) {
        StringBuilder b = new StringBuilder(s.getDevice().getManufacturer() == DxaManufacturer.UNKNOWN
                ? "(manufacturer not recorded)" : s.getDevice().getManufacturer().name());
        if (s.getDevice().getModel() != null) {
            b.append(' ').append(s.getDevice().getModel());
        }
        if (s.getDevice().getSerialNumber() != null) {
            b.append(" #").append(s.getDevice().getSerialNumber());
        }
        return b.toString();
    }

    private static String fractureSite(FractureSite site) {
        StringBuilder b = new StringBuilder();
        if (site.getRegion() == SkeletalRegion.UNKNOWN) {
            b.append("a region ").append(NOT_KNOWN);
        } else if (site.getRegion() == SkeletalRegion.VERTEBRA) {
            b.append(site.getVertebra() == null || site.getVertebra() == Vertebra.UNKNOWN
                    ? "a vertebral level " + NOT_KNOWN : site.getVertebra().name());
        } else {
            b.append(site.getRegion().name());
        }
        if (site.getMorphology() != null && site.getMorphology() != VertebralMorphology.UNKNOWN) {
            b.append(' ').append(site.getMorphology().name().toLowerCase(Locale.ROOT));
        }
        if (site.getGenantGrade() != null) {
            b.append(" Genant grade ").append(site.getGenantGrade());
        }
        return b.toString();
    }

    private static String measurement(SiteMeasurement m, String excluded) {
        StringBuilder b = new StringBuilder(m.getSite() == DxaSite.UNKNOWN ? "a site " + NOT_KNOWN
                : m.getSite().name());
        if (m.getRegion() != null) {
            b.append(" (").append(m.getRegion()).append(')');
        }
        b.append(excluded);
        if (m.getBmdGramsPerCm2() != null) {
            b.append(" BMD ").append(Numbers.fixed(m.getBmdGramsPerCm2(), 3)).append(" g/cm\u00b2");
        }
        if (m.getZScore() != null) {
            b.append(" Z ").append(Numbers.score(m.getZScore()));
        }
        if (m.getTScore() != null) {
            b.append(" T ").append(Numbers.score(m.getTScore()));
        }
        return b.toString();
    }
}
