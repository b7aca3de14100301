package org.plotracker.rules;

import java.util.List;
import java.util.Objects;

/**
 * One compared pair: a scan and the chronologically previous scan at the same site, judged, with the treatment in
 * between and the severity an alert about it would carry.
 *
 * @param firstFollowUpAfterEpisode true for baseline (first scan at or after the index episode) to first later scan
 * @param monthsSinceEpisode        from the index episode to the later scan, when there is an episode
 * @param severityFactors           what raised the severity above its base
 * @param alertWorthy               loss, not comparable, or any severity factor: a care team should see it
 */
public record ScanPair(Site site, DxaScan earlierScan, Measurement earlier, DxaScan laterScan, Measurement later,
                       double monthsBetween, Comparison comparison, TreatmentExposure treatment,
                       boolean firstFollowUpAfterEpisode, Double monthsSinceEpisode, Severity severity,
                       List<Factor> severityFactors, boolean alertWorthy, String headline) {

    public ScanPair {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(comparison, "comparison");
        severityFactors = List.copyOf(severityFactors);
    }
}
