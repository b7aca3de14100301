package org.plotracker.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A DXA scan: one measurement per site, the device, and the vertebrae excluded from the lumbar-spine result. */
public record DxaScan(String eventId, LocalDate date, Instant recordedAt, DxaDeviceRef device,
                      List<Measurement> measurements, List<String> excludedVertebrae) {
    public DxaScan {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(device, "device");
        measurements = List.copyOf(measurements);
        excludedVertebrae = List.copyOf(excludedVertebrae);
    }

    public Optional<Measurement> at(Site site) {
        for (Measurement m : measurements) {
            if (m.site() == site) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
