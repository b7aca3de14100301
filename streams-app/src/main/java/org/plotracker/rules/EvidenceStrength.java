package org.plotracker.rules;

/**
 * How strong the literature behind a factor is. RCT_POST_HOC: a post-hoc analysis of a randomised trial (the
 * comparison was not randomised, e.g. Cummings et al., J Bone Miner Res 2018, on stopping denosumab in FREEDOM and its
 * extension). EXPERT_OPINION also covers project policy that states its reason.
 */
public enum EvidenceStrength {
    COHORT_STUDY, CASE_SERIES, GUIDELINE, EXPERT_OPINION, PRODUCT_LABEL, RCT_POST_HOC
}
