package org.plotracker.benchmarks;

import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.contracts.events.DxaScanRecorded;

/** Realistic benchmark inputs taken from the demo cohort (the six source cases), so no numbers are invented here. */
final class DemoEvents {

    private DemoEvents() {
    }

    /** The first DXA scan of the demo cohort: a real-shaped event with several site measurements. */
    static DxaScanRecorded firstDxaScan() {
        return SourceCases.events().stream()
                .filter(DxaScanRecorded.class::isInstance)
                .map(DxaScanRecorded.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo cohort has no DXA scan"));
    }
}
