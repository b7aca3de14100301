package org.plotracker.rules;

import java.util.Objects;

/**
 * One reason for a tier or a severity: a stable code, factual wording, the patient's own evidence, and the literature
 * behind the rule.
 */
public record Factor(String code, String description, String evidence, String source, EvidenceStrength strength) {
    public Factor {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(strength, "strength");
    }
}
