package org.plotracker.workspace.readside;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaDevice;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.SiteMeasurement;
import org.plotracker.contracts.events.TreatmentRecorded;
import org.plotracker.contracts.internal.WorkspaceEntry;
import org.plotracker.contracts.internal.WorkspaceMeasurement;
import org.plotracker.patient.ClinicalEvent;
import org.plotracker.rules.Numbers;

/** Maps one admitted clinical event to the entry the workspace keeps of it: what the patient page shows, no more. */
public final class WorkspaceEntries {

    private WorkspaceEntries() {
    }

    public static WorkspaceEntry of(SpecificRecord event) {
        WorkspaceEntry.Builder entry = WorkspaceEntry.newBuilder()
                .setPatientId(ClinicalEvent.patientId(event))
                .setEventId(ClinicalEvent.eventId(event))
                .setClinicalDate(ClinicalEvent.clinicalDate(event))
                .setRecordedAt(ClinicalEvent.recordedAt(event))
                .setMeasurements(new ArrayList<>())
                .setExcludedVertebrae(new ArrayList<>());
        if (event instanceof DeliveryRecorded d) {
            entry.setKind("DELIVERY").setSummary("Delivery " + d.getDeliveryMode()
                    + (d.getParity() != null ? ", parity " + d.getParity() : "")
                    + (d.getGestationalWeeks() != null ? ", " + d.getGestationalWeeks() + " weeks" : ""));
        } else if (event instanceof PregnancyConfirmed p) {
            entry.setKind("PREGNANCY").setSummary("Pregnancy confirmed" + (p.getGestationalWeeksAtConfirmation() != null
                    ? " at " + p.getGestationalWeeksAtConfirmation() + " weeks" : ""));
        } else if (event instanceof FractureDiagnosed f) {
            entry.setKind("FRACTURE").setSummary("Fracture (" + f.getModality() + ", trauma " + f.getTrauma() + "): "
                    + f.getFractures().stream().map(s -> s.getVertebra() != null ? s.getVertebra().name()
                            : String.valueOf(s.getRegion())).collect(Collectors.joining(", ")));
        } else if (event instanceof DxaScanRecorded s) {
            List<WorkspaceMeasurement> measurements = new ArrayList<>();
            for (SiteMeasurement m : s.getMeasurements()) {
                measurements.add(new WorkspaceMeasurement(m.getSite().name(), m.getBmdGramsPerCm2(), m.getTScore(),
                        m.getZScore()));
            }
            entry.setKind("DXA_SCAN").setDevice(device(s.getDevice())).setMeasurements(measurements)
                    .setExcludedVertebrae(new ArrayList<>(s.getExcludedVertebrae().stream().map(Enum::name).toList()))
                    .setSummary("DXA " + device(s.getDevice()) + ": " + s.getMeasurements().stream()
                            .map(WorkspaceEntries::measurement).collect(Collectors.joining("; ")));
        } else if (event instanceof TreatmentRecorded t) {
            entry.setKind("TREATMENT").setAction(t.getAction().name()).setAgent(t.getAgent().name())
                    .setPreviousAgent(t.getPreviousAgent() == null ? null : t.getPreviousAgent().name())
                    .setSummary(switch (t.getAction()) {
                        case CHANGED -> t.getPreviousAgent() + " changed to " + t.getAgent();
                        case STOPPED -> t.getAgent() + " stopped";
                        default -> t.getAgent() + " " + t.getAction().name().toLowerCase(java.util.Locale.ROOT);
                    });
        } else {
            throw new IllegalArgumentException("not a clinical event: " + event.getSchema().getName());
        }
        return entry.build();
    }

    /** Manufacturer, model and serial as one label: a change of it between two scans is a device change. */
    static String device(DxaDevice device) {
        StringBuilder label = new StringBuilder(device.getManufacturer().name());
        if (device.getModel() != null) {
            label.append(' ').append(device.getModel());
        }
        if (device.getSerialNumber() != null) {
            label.append(" #").append(device.getSerialNumber());
        }
        return label.toString();
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
