package org.plotracker.rules;

/**
 * The fracture-liaison KPIs the tracker counts (IOF Capture the Fracture patient-level KPIs, Javaid et al.,
 * Osteoporos Int 2020; UK FLS-DB), each a numerator over a denominator per reporting month and source system.
 */
public enum Kpi {
    DXA_WITHIN_12_WEEKS, TREATMENT_DECISION_WITHIN_16_WEEKS, ON_TREATMENT_AT_52_WEEKS, FOLLOW_UP_DXA_ON_TIME,
    DENOSUMAB_DOSE_ON_TIME
}
