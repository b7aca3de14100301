package org.plotracker.rules;

/** Bone treatment groups in increasing potency: the group of an interval is its most potent agent's group. */
public enum TreatmentGroup {
    NONE, CALCIUM_VITAMIN_D, ANTIRESORPTIVE, ANABOLIC;

    /** The more potent of two groups (ANABOLIC > ANTIRESORPTIVE > CALCIUM_VITAMIN_D > NONE). */
    public TreatmentGroup morePotent(TreatmentGroup other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
