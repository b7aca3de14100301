package org.plotracker.rules;

import java.util.Objects;

/**
 * The follow-up rules' intervals (docs/rules.md, "Follow-up"), part of {@link RulesConfig}
 * ({@link RulesConfig#followUp()}, keys {@code plo.rules.followUp.*}). Each default names its source a clinician can look up, or says "project policy"
 * and why. Immutable; change one with {@link #toBuilder()}.
 */
public final class FollowUpConfig {

    public static final String SOURCE_IOF_KPI = "IOF Capture the Fracture patient-level KPIs (Javaid et al.,"
            + " Osteoporos Int 2020)";
    public static final String SOURCE_FLS_DB = "UK Fracture Liaison Service Database (Royal College of Physicians,"
            + " FLS-DB): DXA within 90 days of the fracture";
    public static final String SOURCE_MONITORING = "Monitoring DXA about 12 months after starting or changing therapy,"
            + " then yearly (PLO follow-up studies; Anagnostis et al., J Clin Endocrinol Metab 2024)";
    public static final String SOURCE_DENOSUMAB_INTERVAL = "Denosumab 60 mg every 6 months (EU SmPC, Prolia)";
    public static final String SOURCE_DENOSUMAB_DELAY = "Lyu et al., J Clin Endocrinol Metab 2020 (delayed denosumab"
            + " doses and vertebral fractures); Cummings et al., JBMR 2018 (rebound vertebral fractures after"
            + " stopping denosumab)";
    public static final String SOURCE_TERIPARATIDE = "Teriparatide EU label: at most 24 months of treatment in a"
            + " lifetime";
    public static final String SOURCE_POSTPARTUM = "Project policy: a DXA after a later delivery in a woman with PLO"
            + " (recurrence in a later pregnancy 20%, Kyvernitakis et al., Osteoporos Int 2018)";
    public static final String SOURCE_REMINDERS = "Project policy (docs/rules.md): grace period and escalation";

    /** IOF KPI: fracture risk assessment including DXA within 12 weeks of the fracture. */
    private final int initialDxaWeeks;
    /** IOF KPI: treatment started, or a documented decision, within 16 weeks of the fracture. */
    private final int treatmentDecisionWeeks;
    /** IOF KPI: still on treatment 52 weeks after the fracture. */
    private final int onTreatmentWeeks;
    /** DOMAIN.md: follow-up DXA about 12 months after starting or changing therapy, then yearly. */
    private final int monitoringDxaMonths;
    /** Project policy: a scan sooner than this after the anchor is a repeat baseline, not a monitoring scan. */
    private final int monitoringDxaMinMonths;
    /** Denosumab label: the next dose 6 months after the last. */
    private final int denosumabIntervalMonths;
    /** Lyu 2020 (a dose more than 4 weeks late is delayed), rounded to 7 months as in issue 11: later is HIGH. */
    private final int denosumabLateMonths;
    /** Teriparatide EU label: 24 months in a lifetime. */
    private final int teriparatideLifetimeMonths;
    /** Project policy: remind three months before the limit, time enough to plan the follow-on antiresorptive. */
    private final int teriparatideWarningMonths;
    /** Project policy (DOMAIN.md): a DXA within 6 months of a later delivery. */
    private final int postpartumDxaMonths;
    /** Project policy: two weeks after the due date before a reminder, time for a booked scan to be recorded. */
    private final int graceDays;
    /** Project policy: a repeat every two weeks while the item stays open (a clinic's usual booking cycle). */
    private final int escalationDays;
    /** Project policy: at most three repeats; the item stays on the worklist after that without further reminders. */
    private final int maxEscalations;

    private FollowUpConfig(Builder b) {
        this.initialDxaWeeks = positive(b.initialDxaWeeks, "initialDxaWeeks");
        this.treatmentDecisionWeeks = positive(b.treatmentDecisionWeeks, "treatmentDecisionWeeks");
        this.onTreatmentWeeks = positive(b.onTreatmentWeeks, "onTreatmentWeeks");
        this.monitoringDxaMonths = positive(b.monitoringDxaMonths, "monitoringDxaMonths");
        this.monitoringDxaMinMonths = nonNegative(b.monitoringDxaMinMonths, "monitoringDxaMinMonths");
        this.denosumabIntervalMonths = positive(b.denosumabIntervalMonths, "denosumabIntervalMonths");
        this.denosumabLateMonths = positive(b.denosumabLateMonths, "denosumabLateMonths");
        this.teriparatideLifetimeMonths = positive(b.teriparatideLifetimeMonths, "teriparatideLifetimeMonths");
        this.teriparatideWarningMonths = nonNegative(b.teriparatideWarningMonths, "teriparatideWarningMonths");
        this.postpartumDxaMonths = positive(b.postpartumDxaMonths, "postpartumDxaMonths");
        this.graceDays = nonNegative(b.graceDays, "graceDays");
        this.escalationDays = positive(b.escalationDays, "escalationDays");
        this.maxEscalations = nonNegative(b.maxEscalations, "maxEscalations");
        if (monitoringDxaMinMonths >= monitoringDxaMonths) {
            throw new IllegalArgumentException("monitoringDxaMinMonths (" + monitoringDxaMinMonths
                    + ") must be less than monitoringDxaMonths (" + monitoringDxaMonths + ")");
        }
        if (denosumabLateMonths < denosumabIntervalMonths) {
            throw new IllegalArgumentException("denosumabLateMonths (" + denosumabLateMonths
                    + ") must not be less than denosumabIntervalMonths (" + denosumabIntervalMonths + ")");
        }
        if (teriparatideWarningMonths >= teriparatideLifetimeMonths) {
            throw new IllegalArgumentException("teriparatideWarningMonths must be less than"
                    + " teriparatideLifetimeMonths");
        }
    }

    public static FollowUpConfig defaults() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.initialDxaWeeks = initialDxaWeeks;
        b.treatmentDecisionWeeks = treatmentDecisionWeeks;
        b.onTreatmentWeeks = onTreatmentWeeks;
        b.monitoringDxaMonths = monitoringDxaMonths;
        b.monitoringDxaMinMonths = monitoringDxaMinMonths;
        b.denosumabIntervalMonths = denosumabIntervalMonths;
        b.denosumabLateMonths = denosumabLateMonths;
        b.teriparatideLifetimeMonths = teriparatideLifetimeMonths;
        b.teriparatideWarningMonths = teriparatideWarningMonths;
        b.postpartumDxaMonths = postpartumDxaMonths;
        b.graceDays = graceDays;
        b.escalationDays = escalationDays;
        b.maxEscalations = maxEscalations;
        return b;
    }

    /**
     * Applies one {@code plo.rules.followUp.<name>} property (the name after {@code followUp.}) to {@code b}.
     *
     * @throws IllegalArgumentException for an unknown name or a value that is not a whole number
     */
    static void apply(Builder b, String name, String value) {
        int v = Integer.parseInt(value);
        switch (name) {
            case "initialDxaWeeks" -> b.initialDxaWeeks = v;
            case "treatmentDecisionWeeks" -> b.treatmentDecisionWeeks = v;
            case "onTreatmentWeeks" -> b.onTreatmentWeeks = v;
            case "monitoringDxaMonths" -> b.monitoringDxaMonths = v;
            case "monitoringDxaMinMonths" -> b.monitoringDxaMinMonths = v;
            case "denosumabIntervalMonths" -> b.denosumabIntervalMonths = v;
            case "denosumabLateMonths" -> b.denosumabLateMonths = v;
            case "teriparatideLifetimeMonths" -> b.teriparatideLifetimeMonths = v;
            case "teriparatideWarningMonths" -> b.teriparatideWarningMonths = v;
            case "postpartumDxaMonths" -> b.postpartumDxaMonths = v;
            case "graceDays" -> b.graceDays = v;
            case "escalationDays" -> b.escalationDays = v;
            case "maxEscalations" -> b.maxEscalations = v;
            default -> throw new IllegalArgumentException("unknown follow-up key");
        }
    }

    public int initialDxaWeeks() {
        return initialDxaWeeks;
    }

    public int treatmentDecisionWeeks() {
        return treatmentDecisionWeeks;
    }

    public int onTreatmentWeeks() {
        return onTreatmentWeeks;
    }

    public int monitoringDxaMonths() {
        return monitoringDxaMonths;
    }

    public int monitoringDxaMinMonths() {
        return monitoringDxaMinMonths;
    }

    public int denosumabIntervalMonths() {
        return denosumabIntervalMonths;
    }

    public int denosumabLateMonths() {
        return denosumabLateMonths;
    }

    public int teriparatideLifetimeMonths() {
        return teriparatideLifetimeMonths;
    }

    public int teriparatideWarningMonths() {
        return teriparatideWarningMonths;
    }

    public int postpartumDxaMonths() {
        return postpartumDxaMonths;
    }

    public int graceDays() {
        return graceDays;
    }

    public int escalationDays() {
        return escalationDays;
    }

    public int maxEscalations() {
        return maxEscalations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FollowUpConfig c && initialDxaWeeks == c.initialDxaWeeks
                && treatmentDecisionWeeks == c.treatmentDecisionWeeks && onTreatmentWeeks == c.onTreatmentWeeks
                && monitoringDxaMonths == c.monitoringDxaMonths && monitoringDxaMinMonths == c.monitoringDxaMinMonths
                && denosumabIntervalMonths == c.denosumabIntervalMonths
                && denosumabLateMonths == c.denosumabLateMonths
                && teriparatideLifetimeMonths == c.teriparatideLifetimeMonths
                && teriparatideWarningMonths == c.teriparatideWarningMonths
                && postpartumDxaMonths == c.postpartumDxaMonths && graceDays == c.graceDays
                && escalationDays == c.escalationDays && maxEscalations == c.maxEscalations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialDxaWeeks, treatmentDecisionWeeks, onTreatmentWeeks, monitoringDxaMonths,
                denosumabIntervalMonths, graceDays, escalationDays, maxEscalations);
    }

    @Override
    public String toString() {
        return "FollowUpConfig{initialDxaWeeks=" + initialDxaWeeks + ", treatmentDecisionWeeks="
                + treatmentDecisionWeeks + ", onTreatmentWeeks=" + onTreatmentWeeks + ", monitoringDxaMonths="
                + monitoringDxaMonths + ", monitoringDxaMinMonths=" + monitoringDxaMinMonths
                + ", denosumabIntervalMonths=" + denosumabIntervalMonths + ", denosumabLateMonths="
                + denosumabLateMonths + ", teriparatideLifetimeMonths=" + teriparatideLifetimeMonths
                + ", teriparatideWarningMonths=" + teriparatideWarningMonths + ", postpartumDxaMonths="
                + postpartumDxaMonths + ", graceDays=" + graceDays + ", escalationDays=" + escalationDays
                + ", maxEscalations=" + maxEscalations + "}";
    }

    private static int positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException("followUp." + name + " must be positive, got " + v);
        }
        return v;
    }

    private static int nonNegative(int v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException("followUp." + name + " must not be negative, got " + v);
        }
        return v;
    }

    /** Builder with the documented defaults (each with its source above). */
    public static final class Builder {
        private int initialDxaWeeks = 12;
        private int treatmentDecisionWeeks = 16;
        private int onTreatmentWeeks = 52;
        private int monitoringDxaMonths = 12;
        private int monitoringDxaMinMonths = 3;
        private int denosumabIntervalMonths = 6;
        private int denosumabLateMonths = 7;
        private int teriparatideLifetimeMonths = 24;
        private int teriparatideWarningMonths = 3;
        private int postpartumDxaMonths = 6;
        private int graceDays = 14;
        private int escalationDays = 14;
        private int maxEscalations = 3;

        private Builder() {
        }

        public Builder initialDxaWeeks(int v) {
            initialDxaWeeks = v;
            return this;
        }

        public Builder treatmentDecisionWeeks(int v) {
            treatmentDecisionWeeks = v;
            return this;
        }

        public Builder onTreatmentWeeks(int v) {
            onTreatmentWeeks = v;
            return this;
        }

        public Builder monitoringDxaMonths(int v) {
            monitoringDxaMonths = v;
            return this;
        }

        public Builder monitoringDxaMinMonths(int v) {
            monitoringDxaMinMonths = v;
            return this;
        }

        public Builder denosumabIntervalMonths(int v) {
            denosumabIntervalMonths = v;
            return this;
        }

        public Builder denosumabLateMonths(int v) {
            denosumabLateMonths = v;
            return this;
        }

        public Builder teriparatideLifetimeMonths(int v) {
            teriparatideLifetimeMonths = v;
            return this;
        }

        public Builder teriparatideWarningMonths(int v) {
            teriparatideWarningMonths = v;
            return this;
        }

        public Builder postpartumDxaMonths(int v) {
            postpartumDxaMonths = v;
            return this;
        }

        public Builder graceDays(int v) {
            graceDays = v;
            return this;
        }

        public Builder escalationDays(int v) {
            escalationDays = v;
            return this;
        }

        public Builder maxEscalations(int v) {
            maxEscalations = v;
            return this;
        }

        public FollowUpConfig build() {
            return new FollowUpConfig(this);
        }
    }
}
