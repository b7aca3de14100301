package org.plotracker.rules;

/** A DXA measurement site, as the rules see it. */
public enum Site {
    LUMBAR_SPINE, FEMORAL_NECK, TOTAL_HIP, DISTAL_RADIUS_33, TOTAL_BODY
}
