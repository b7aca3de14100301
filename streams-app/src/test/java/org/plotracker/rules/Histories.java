package org.plotracker.rules;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A small builder of patient histories for the rules tests. */
final class Histories {

    static final DxaDeviceRef DEVICE = new DxaDeviceRef("HOLOGIC", "Horizon", "H-1");

    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<PregnancyConfirmation> pregnancies = new ArrayList<>();
    private final List<FractureDiagnosis> fractures = new ArrayList<>();
    private final List<DxaScan> scans = new ArrayList<>();
    private final List<TreatmentChange> treatments = new ArrayList<>();
    private int ids;

    private String id(String prefix) {
        return prefix + (++ids);
    }

    Histories delivery(String date) {
        deliveries.add(new Delivery(id("d"), LocalDate.parse(date)));
        return this;
    }

    Histories breastFeedingDelivery(String date) {
        deliveries.add(new Delivery(id("d"), LocalDate.parse(date), Delivery.Feeding.BREAST_FEEDING));
        return this;
    }

    Histories spineBmd(String date, double bmd) {
        return scan(date, new Measurement(Site.LUMBAR_SPINE, "L1-L4", bmd, null, null));
    }

    Histories pregnancy(String date) {
        pregnancies.add(new PregnancyConfirmation(id("p"), LocalDate.parse(date)));
        return this;
    }

    Histories fracture(String date, String... vertebrae) {
        fractures.add(new FractureDiagnosis(id("f"), LocalDate.parse(date), true, List.of(vertebrae), List.of()));
        return this;
    }

    Histories traumaticFracture(String date, String... vertebrae) {
        fractures.add(new FractureDiagnosis(id("f"), LocalDate.parse(date), false, List.of(vertebrae), List.of()));
        return this;
    }

    Histories spineZ(String date, double z) {
        return scan(date, new Measurement(Site.LUMBAR_SPINE, "L1-L4", null, null, z));
    }

    Histories scan(String date, Measurement... measurements) {
        LocalDate day = LocalDate.parse(date);
        scans.add(new DxaScan(id("s"), day, day.atStartOfDay().toInstant(ZoneOffset.UTC), DEVICE,
                List.of(measurements), List.of()));
        return this;
    }

    Histories treatment(String date, TreatmentChange.Action action, Agent agent) {
        treatments.add(new TreatmentChange(id("t"), LocalDate.parse(date), action, agent, null));
        return this;
    }

    Histories changed(String date, Agent from, Agent to) {
        treatments.add(new TreatmentChange(id("t"), LocalDate.parse(date), TreatmentChange.Action.CHANGED, to, from));
        return this;
    }

    PatientHistory build() {
        return new PatientHistory("P", deliveries, pregnancies, fractures, scans, treatments);
    }
}
