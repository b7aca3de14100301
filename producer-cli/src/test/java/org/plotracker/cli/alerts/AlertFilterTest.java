package org.plotracker.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.common.AlertSeverity;

class AlertFilterTest {

    private static AlertView alert(AlertKind kind, String patient, AlertSeverity severity) {
        return new AlertView(kind, "a", patient, severity, "h", Instant.EPOCH, null);
    }

    @Test
    void minimumSeverityFollowsInfoModerateHigh() {
        AlertFilter moderate = new AlertFilter(Set.of(), Set.of(), AlertSeverity.MODERATE);
        assertThat(moderate.matches(alert(AlertKind.BMD_CHANGE, "P", AlertSeverity.INFO))).isFalse();
        assertThat(moderate.matches(alert(AlertKind.BMD_CHANGE, "P", AlertSeverity.MODERATE))).isTrue();
        assertThat(moderate.matches(alert(AlertKind.BMD_CHANGE, "P", AlertSeverity.HIGH))).isTrue();
        // A severity this version does not know is shown rather than silently hidden.
        assertThat(new AlertFilter(Set.of(), Set.of(), AlertSeverity.HIGH)
                .matches(alert(AlertKind.BMD_CHANGE, "P", AlertSeverity.UNKNOWN))).isTrue();
    }

    @Test
    void patientsAndKindsNarrowTheSubscription() {
        AlertFilter filter = new AlertFilter(Set.of("P1", "P2"), Set.of(AlertKind.RECURRENCE_RISK),
                AlertSeverity.INFO);
        assertThat(filter.matches(alert(AlertKind.RECURRENCE_RISK, "P2", AlertSeverity.INFO))).isTrue();
        assertThat(filter.matches(alert(AlertKind.RECURRENCE_RISK, "P3", AlertSeverity.HIGH))).isFalse();
        assertThat(filter.matches(alert(AlertKind.BMD_CHANGE, "P1", AlertSeverity.HIGH))).isFalse();
    }

    @Test
    void kindsParseFromTheirCommandLineNames() {
        assertThat(AlertKind.parse("bmd-change")).isEqualTo(AlertKind.BMD_CHANGE);
        assertThat(AlertKind.parse("RECURRENCE_RISK")).isEqualTo(AlertKind.RECURRENCE_RISK);
    }
}
