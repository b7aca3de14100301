package org.plotracker.cli.alerts;

import java.util.Set;
import org.plotracker.contracts.common.AlertSeverity;

/**
 * Which alerts a care team wants: some patients (empty = all), some kinds (empty = all), at least a severity.
 * Severities are ordered INFO &lt; MODERATE &lt; HIGH; an alert of UNKNOWN severity (a symbol this version does not
 * know) passes every minimum, so that nothing new is hidden silently.
 */
public record AlertFilter(Set<String> patients, Set<AlertKind> kinds, AlertSeverity minimumSeverity) {

    public AlertFilter {
        patients = Set.copyOf(patients);
        kinds = Set.copyOf(kinds);
    }

    public boolean matches(AlertView alert) {
        if (!patients.isEmpty() && !patients.contains(alert.patientId())) {
            return false;
        }
        if (!kinds.isEmpty() && !kinds.contains(alert.kind())) {
            return false;
        }
        AlertSeverity severity = alert.severity();
        return severity == null || severity == AlertSeverity.UNKNOWN || minimumSeverity == null
                || severity.ordinal() >= minimumSeverity.ordinal();
    }
}
