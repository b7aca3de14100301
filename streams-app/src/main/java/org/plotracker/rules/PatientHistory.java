package org.plotracker.rules;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Everything the rules know about one patient, each list in clinical-date order (ties: the order given). Built from the
 * patient's accepted events; the rules never look at arrival order.
 */
public record PatientHistory(String patientId, List<Delivery> deliveries, List<PregnancyConfirmation> pregnancies,
                             List<FractureDiagnosis> fractures, List<DxaScan> scans,
                             List<TreatmentChange> treatments) {

    public PatientHistory {
        Objects.requireNonNull(patientId, "patientId");
        deliveries = sorted(deliveries, Comparator.comparing(Delivery::date));
        pregnancies = sorted(pregnancies, Comparator.comparing(PregnancyConfirmation::date));
        fractures = sorted(fractures, Comparator.comparing(FractureDiagnosis::date));
        scans = sorted(scans, Comparator.comparing(DxaScan::date).thenComparing(DxaScan::recordedAt)
                .thenComparing(DxaScan::eventId));
        treatments = sorted(treatments, Comparator.comparing(TreatmentChange::date));
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        return items.stream().sorted(order).toList();
    }

    /** The history as it was known on {@code day}: only events dated on or before it. */
    public PatientHistory asOf(LocalDate day) {
        return new PatientHistory(patientId,
                deliveries.stream().filter(d -> !d.date().isAfter(day)).toList(),
                pregnancies.stream().filter(p -> !p.date().isAfter(day)).toList(),
                fractures.stream().filter(f -> !f.date().isAfter(day)).toList(),
                scans.stream().filter(s -> !s.date().isAfter(day)).toList(),
                treatments.stream().filter(t -> !t.date().isAfter(day)).toList());
    }
}
