package org.plotracker.rules;

import java.util.List;

/**
 * The recurrence-risk assessment of a later pregnancy: the tier, every factor with its evidence, and the medication
 * facts that matter in pregnancy (listed apart: they do not change the tier).
 */
public record RecurrenceAssessment(LaterPregnancy pregnancy, IndexEpisode episode, RiskTier tier,
                                   double monthsSinceIndexDelivery, List<Factor> factors,
                                   List<Factor> medicationSafety, String headline) {
    public RecurrenceAssessment {
        factors = List.copyOf(factors);
        medicationSafety = List.copyOf(medicationSafety);
    }
}
