package org.plotracker.patient;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.common.Vertebra;
import org.plotracker.contracts.events.BreastFeeding;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.FractureSite;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.SkeletalRegion;
import org.plotracker.contracts.events.TraumaLevel;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.rules.Agent;
import org.plotracker.rules.Delivery;
import org.plotracker.rules.DxaDeviceRef;
import org.plotracker.rules.DxaScan;
import org.plotracker.rules.FractureDiagnosis;
import org.plotracker.rules.Measurement;
import org.plotracker.rules.PatientHistory;
import org.plotracker.rules.PregnancyConfirmation;
import org.plotracker.rules.Site;
import org.plotracker.rules.TreatmentChange;

/**
 * Turns a patient's accepted (validated) Avro events into the rules' plain domain history. A symbol this version does
 * not know arrives as UNKNOWN (the contracts' enum default) and is left out of the history: a measurement at an UNKNOWN
 * site, a treatment with an UNKNOWN agent or action (or a CHANGED from an UNKNOWN agent), a fracture level or region
 * that is UNKNOWN (the fracture itself stays), an UNKNOWN feeding status. An UNKNOWN excluded vertebra is kept: the
 * spine region of that scan then cannot be shown to match another. The event stays in the timeline, which says what
 * was left out.
 */
public final class PatientHistoryMapper {

    private PatientHistoryMapper() {
    }

    public static PatientHistory toHistory(String patientId, List<SpecificRecord> events) {
        List<Delivery> deliveries = new ArrayList<>();
        List<PregnancyConfirmation> pregnancies = new ArrayList<>();
        List<FractureDiagnosis> fractures = new ArrayList<>();
        List<DxaScan> scans = new ArrayList<>();
        List<TreatmentChange> treatments = new ArrayList<>();
        for (SpecificRecord event : events) {
            if (event instanceof DeliveryRecorded d) {
                deliveries.add(new Delivery(d.getEventId(), d.getClinicalDate(), feeding(d.getBreastFeeding())));
            } else if (event instanceof PregnancyConfirmed p) {
                pregnancies.add(new PregnancyConfirmation(p.getEventId(), p.getClinicalDate()));
            } else if (event instanceof FractureDiagnosed f) {
                fractures.add(fracture(f));
            } else if (event instanceof DxaScanRecorded s) {
                scans.add(scan(s));
            } else if (event instanceof TreatmentRecorded t) {
                treatment(t).ifPresent(treatments::add);
            }
        }
        return new PatientHistory(patientId, deliveries, pregnancies, fractures, scans, treatments);
    }

    private static FractureDiagnosis fracture(FractureDiagnosed f) {
        List<String> vertebrae = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (FractureSite site : f.getFractures()) {
            if (site.getRegion() == SkeletalRegion.VERTEBRA) {
                Vertebra level = site.getVertebra();
                if (level != null && level != Vertebra.UNKNOWN && !vertebrae.contains(level.name())) {
                    vertebrae.add(level.name());
                }
            } else if (site.getRegion() != SkeletalRegion.UNKNOWN) {
                others.add(site.getRegion().name());
            }
        }
        return new FractureDiagnosis(f.getEventId(), f.getClinicalDate(), f.getTrauma() != TraumaLevel.HIGH,
                vertebrae, others);
    }

    private static DxaScan scan(DxaScanRecorded s) {
        List<Measurement> measurements = new ArrayList<>();
        for (SiteMeasurement m : s.getMeasurements()) {
            Site site = site(m.getSite());
            if (site != null) {
                measurements.add(new Measurement(site, m.getRegion(), m.getBmdGramsPerCm2(), m.getTScore(),
                        m.getZScore()));
            }
        }
        DxaDeviceRef device = new DxaDeviceRef(s.getDevice().getManufacturer().name(), s.getDevice().getModel(),
                s.getDevice().getSerialNumber());
        return new DxaScan(s.getEventId(), s.getClinicalDate(), s.getRecordedAt(), device, measurements,
                s.getExcludedVertebrae().stream().map(Enum::name).toList());
    }

    /** Breast-feeding recorded at delivery (exclusive or partial); a value this version does not know is not recorded. */
    static Delivery.Feeding feeding(BreastFeeding feeding) {
        if (feeding == null) {
            return Delivery.Feeding.NOT_RECORDED;
        }
        return switch (feeding) {
            case EXCLUSIVE, PARTIAL -> Delivery.Feeding.BREAST_FEEDING;
            case NONE -> Delivery.Feeding.NOT_BREAST_FEEDING;
            default -> Delivery.Feeding.NOT_RECORDED;
        };
    }

    static Site site(org.plotracker.contracts.common.DxaSite site) {
        return site == org.plotracker.contracts.common.DxaSite.UNKNOWN ? null : Site.valueOf(site.name());
    }

    static Agent agent(org.plotracker.contracts.common.TreatmentAgent agent) {
        return agent == null || agent == org.plotracker.contracts.common.TreatmentAgent.UNKNOWN ? null
                : Agent.valueOf(agent.name());
    }

    private static java.util.Optional<TreatmentChange> treatment(TreatmentRecorded t) {
        Agent agent = agent(t.getAgent());
        if (agent == null) {
            return java.util.Optional.empty();
        }
        TreatmentChange.Action action = switch (t.getAction()) {
            case STARTED -> TreatmentChange.Action.STARTED;
            case STOPPED -> TreatmentChange.Action.STOPPED;
            case CHANGED -> TreatmentChange.Action.CHANGED;
            default -> null;
        };
        Agent previous = agent(t.getPreviousAgent());
        if (action == null || (action == TreatmentChange.Action.CHANGED && previous == null)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new TreatmentChange(t.getEventId(), t.getClinicalDate(), action, agent,
                previous));
    }
}
