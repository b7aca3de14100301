package org.plotracker.it;

import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * The integration tests' name for {@link org.plotracker.contracts.demo.SyntheticCohort} on its natural course (about
 * 5–9 events per patient, a few re-sent), which the load harness shares.
 */
public final class SyntheticCohort {

    public static final String SOURCE_SYSTEM = org.plotracker.contracts.demo.SyntheticCohort.SOURCE_SYSTEM;

    private final org.plotracker.contracts.demo.SyntheticCohort cohort;

    private SyntheticCohort(org.plotracker.contracts.demo.SyntheticCohort cohort) {
        this.cohort = cohort;
    }

    public static SyntheticCohort of(int patients, long seed) {
        return new SyntheticCohort(org.plotracker.contracts.demo.SyntheticCohort.of(patients, seed));
    }

    /** Pseudonymous id of synthetic patient {@code n}. */
    public static String patientId(int n) {
        return org.plotracker.contracts.demo.SyntheticCohort.patientId(n);
    }

    /** Every event, duplicates included, in publishing order. */
    public List<SpecificRecord> events() {
        return cohort.events();
    }

    /** Distinct event ids (the duplicates removed). */
    public Set<String> distinctEventIds() {
        return cohort.distinctEventIds();
    }
}
