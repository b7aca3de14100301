package org.plotracker.rules;

/**
 * Why two measurements at one site cannot be judged as a change. Only {@link #DEVICE_CHANGED} starts a new baseline
 * (later scans on the new device are compared with each other); {@link #NO_THRESHOLD_FOR_SITE} writes a row but raises
 * no alert (the site is measured, the clinic has configured no least significant change for it).
 */
public enum NotComparableCause {
    /** Two identified, different devices that the clinic has not configured as cross-calibrated. */
    DEVICE_CHANGED,
    /** A device whose manufacturer is unknown or that has neither serial number nor model on both scans. */
    DEVICE_NOT_IDENTIFIED,
    /** Different region labels, or different excluded vertebrae at the lumbar spine. */
    REGION_DIFFERS,
    /** BMD or Z-score missing on one of the scans. */
    NO_COMMON_MEASURE,
    /** No LSC and no ΔZ threshold configured for the site (distal radius, total body by default). */
    NO_THRESHOLD_FOR_SITE
}
