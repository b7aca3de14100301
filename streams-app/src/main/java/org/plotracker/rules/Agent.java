package org.plotracker.rules;

/**
 * A bone-relevant agent or exposure. LMW_HEPARIN and GLUCOCORTICOID are exposures (recurrence risk factors), not bone
 * treatment; WEANING_ADVISED and OTHER carry no treatment group.
 */
public enum Agent {
    CALCIUM_VITAMIN_D(TreatmentGroup.CALCIUM_VITAMIN_D),
    TERIPARATIDE(TreatmentGroup.ANABOLIC),
    ABALOPARATIDE(TreatmentGroup.ANABOLIC),
    ROMOSOZUMAB(TreatmentGroup.ANABOLIC),
    ORAL_BISPHOSPHONATE(TreatmentGroup.ANTIRESORPTIVE),
    ZOLEDRONATE(TreatmentGroup.ANTIRESORPTIVE),
    DENOSUMAB(TreatmentGroup.ANTIRESORPTIVE),
    WEANING_ADVISED(TreatmentGroup.NONE),
    LMW_HEPARIN(TreatmentGroup.NONE),
    GLUCOCORTICOID(TreatmentGroup.NONE),
    OTHER(TreatmentGroup.NONE);

    private final TreatmentGroup group;

    Agent(TreatmentGroup group) {
        this.group = group;
    }

    public TreatmentGroup group() {
        return group;
    }

    public boolean isBisphosphonate() {
        return this == ORAL_BISPHOSPHONATE || this == ZOLEDRONATE;
    }

    /** Osteoporosis therapy proper (antiresorptive or anabolic): what counts as follow-on therapy after denosumab. */
    public boolean isOsteoporosisTherapy() {
        return group == TreatmentGroup.ANTIRESORPTIVE || group == TreatmentGroup.ANABOLIC;
    }
}
