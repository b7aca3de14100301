package org.plotracker.patient;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
import org.plotracker.contracts.events.DeliveryRecorded;
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
            entries.add(new TimelineEntry(ClinicalEvent.clinicalDate(e), ClinicalEvent.eventId(e), kind(e),
                    summary(e)));
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

    static String summary(SpecificRecord e) {
        if (e instanceof DeliveryRecorded d) {
            return "Delivery " + d.getDeliveryMode() + (d.getParity() != null ? ", parity " + d.getParity() : "")
                    + (d.getGestationalWeeks() != null ? ", " + d.getGestationalWeeks() + " weeks" : "");
        } else if (e instanceof PregnancyConfirmed p) {
            return "Pregnancy confirmed" + (p.getGestationalWeeksAtConfirmation() != null
                    ? " at " + p.getGestationalWeeksAtConfirmation() + " weeks" : "");
        } else if (e instanceof FractureDiagnosed f) {
            return "Fracture (" + f.getModality() + ", trauma " + f.getTrauma() + "): " + f.getFractures().stream()
                    .map(s -> s.getVertebra() != null ? s.getVertebra().name() : s.getRegion().name())
                    .collect(Collectors.joining(", "));
        } else if (e instanceof DxaScanRecorded s) {
            return "DXA " + s.getDevice().getManufacturer() + ": " + s.getMeasurements().stream()
                    .map(TimelineBuilder::measurement).collect(Collectors.joining("; "));
        } else if (e instanceof TreatmentRecorded t) {
            return switch (t.getAction()) {
                case CHANGED -> t.getPreviousAgent() + " changed to " + t.getAgent();
                case ADMINISTERED -> t.getAgent() + " dose given";
                case STOPPED -> t.getAgent() + " stopped";
                default -> t.getAgent() + " " + t.getAction().name().toLowerCase();
            };
        }
        return e.getSchema().getName();
    }

    private static String measurement(SiteMeasurement m) {
        StringBuilder b = new StringBuilder(m.getSite().name());
        if (m.getBmdGramsPerCm2() != null) {
            b.append(" BMD ").append(m.getBmdGramsPerCm2());
        }
        if (m.getZScore() != null) {
            b.append(" Z ").append(Numbers.format(m.getZScore()));
        }
        if (m.getTScore() != null) {
            b.append(" T ").append(Numbers.format(m.getTScore()));
        }
        return b.toString();
    }
}
