package org.plotracker.rules;

/** What a follow-up item asks for (docs/rules.md, "Follow-up"). */
public enum FollowUpKind {
    /** DXA within 12 weeks of the PLO index fracture (IOF KPI; FLS-DB 90 days). */
    INITIAL_DXA("DXA after the index fracture"),
    /** Treatment started, or a documented decision, within 16 weeks of the index fracture (IOF KPI). */
    TREATMENT_DECISION("Treatment decision after the index fracture"),
    /** DXA about 12 months after starting or changing therapy, then yearly while on therapy or while Z is low. */
    MONITORING_DXA("Monitoring DXA"),
    /** The next denosumab injection, 6 months after the last. */
    DENOSUMAB_DOSE("Next denosumab dose"),
    /** Teriparatide approaching its lifetime limit. */
    TERIPARATIDE_LIMIT("Teriparatide lifetime limit"),
    /** DXA after a later delivery of a woman with PLO. */
    POSTPARTUM_DXA("DXA after a later delivery");

    private final String label;

    FollowUpKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
