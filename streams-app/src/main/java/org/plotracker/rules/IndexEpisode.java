package org.plotracker.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The PLO index episode: fragility fractures from the third trimester to the configured window after a delivery, or,
 * without such a fracture, a Z-score at or below the low-BMD threshold in that window. Only FRAGILITY_FRACTURE is PLO
 * and gets a recurrence tier in a later pregnancy; LOW_BMD_POSTPARTUM is a low-BMD finding without a fracture (normal
 * lactation lowers spine BMD), the baseline of BMD follow-up only.
 *
 * @param episodeDate        date of the first qualifying fracture diagnosis or low-BMD scan
 * @param qualifyingEventIds the fracture (or scan) events that establish it
 * @param fracturedVertebrae distinct fractured levels, in anatomical order
 */
public record IndexEpisode(Kind kind, LocalDate episodeDate, Delivery indexDelivery, List<String> qualifyingEventIds,
                           List<String> fracturedVertebrae, List<String> otherFractureSites) {

    public enum Kind { FRAGILITY_FRACTURE, LOW_BMD_POSTPARTUM }

    public IndexEpisode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(episodeDate, "episodeDate");
        Objects.requireNonNull(indexDelivery, "indexDelivery");
        qualifyingEventIds = List.copyOf(qualifyingEventIds);
        fracturedVertebrae = List.copyOf(fracturedVertebrae);
        otherFractureSites = List.copyOf(otherFractureSites);
    }
}
