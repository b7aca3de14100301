package org.plotracker.rules;

/** Outcome of comparing two measurements at one site. */
public enum Classification {
    SIGNIFICANT_GAIN, STABLE, SIGNIFICANT_LOSS, NOT_COMPARABLE
}
