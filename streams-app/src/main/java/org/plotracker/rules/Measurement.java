package org.plotracker.rules;

import java.util.Objects;

/** One site's result in a DXA scan; any of BMD (g/cm²), T-score and Z-score may be unknown (null). */
public record Measurement(Site site, String region, Double bmd, Double tScore, Double zScore) {
    public Measurement {
        Objects.requireNonNull(site, "site");
    }
}
