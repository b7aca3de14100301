package org.plotracker.topology;

/**
 * Keys of the tracker's stores (docs/architecture.md, "State layout"): UTF-8 strings whose byte order is the order a
 * range read needs. A patient's entries share the prefix {@code <patientId>|} (the validator refuses '|' in patient
 * ids); a decision instant is written as 16 hexadecimal digits of the epoch milliseconds with the sign bit flipped,
 * so that byte order is time order also before 1970.
 */
final class StoreKeys {

    /** Sorts before every decision key. */
    static final String FIRST_DECISION = "";

    private StoreKeys() {
    }

    static String patientPrefix(String patientId) {
        return patientId + "|";
    }

    /** {@code patient-events}: {@code <patientId>|<eventId>}. */
    static String event(String patientId, String eventId) {
        return patientPrefix(patientId) + eventId;
    }

    /** {@code patient-outputs}: {@code <patientId>|<kind>|<id>}. */
    static String output(String patientId, String kindAndId) {
        return patientPrefix(patientId) + kindAndId;
    }

    /** {@code pending-decisions}: {@code <instant>|<patientId>}. */
    static String decision(long instant, String patientId) {
        return instant(instant) + "|" + patientId;
    }

    /** Sorts after every decision key of an instant at or before {@code instant}, before every later one. */
    static String decisionUpperBound(long instant) {
        return instant(instant + 1);
    }

    static String patientOfDecision(String key) {
        return key.substring(17);
    }

    static String instant(long instant) {
        return String.format("%016x", instant ^ Long.MIN_VALUE);
    }
}
