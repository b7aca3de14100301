package org.plotracker.rules;

/** How strong the literature behind a factor is. */
public enum EvidenceStrength {
    COHORT_STUDY, CASE_SERIES, GUIDELINE, EXPERT_OPINION, PRODUCT_LABEL
}
