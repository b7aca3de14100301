package org.plotracker.rules;

/** Alert severity, ordered INFO &lt; MODERATE &lt; HIGH. */
public enum Severity {
    INFO, MODERATE, HIGH;

    /** One step up, capped at HIGH. */
    public Severity raised() {
        return this == INFO ? MODERATE : HIGH;
    }

    /** One step down, floored at INFO. */
    public Severity lowered() {
        return this == HIGH ? MODERATE : INFO;
    }
}
