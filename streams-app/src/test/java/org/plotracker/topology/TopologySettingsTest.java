package org.plotracker.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologySettingsTest {

    @Test
    void theAppDefaultSettlesAlertsForThreeSecondsAndZeroEmitsAtOnce() {
        assertThat(TopologySettings.defaults().alertSettle()).isEqualTo(Duration.ofSeconds(3));
        assertThat(TopologySettings.defaults().emitsAlertsImmediately()).isFalse();
        assertThat(TopologySettings.immediate().alertSettle()).isZero();
        assertThat(TopologySettings.immediate().emitsAlertsImmediately()).isTrue();
        assertThat(TopologySettings.defaults().alertSettle(Duration.ZERO)).isEqualTo(TopologySettings.immediate());
        assertThatThrownBy(() -> TopologySettings.defaults().alertSettle(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void thePropertyOverridesTheDefaultAndOtherKeysAreIgnored() {
        assertThat(TopologySettings.fromProperties(Map.of("bootstrap.servers", "x:9092")))
                .isEqualTo(TopologySettings.defaults());
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.ALERT_SETTLE_MS, " 1500 ")).alertSettle())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(TopologySettings.fromProperties(Map.of("plo.tracker.alert-settle-ms", 0)))
                .isEqualTo(TopologySettings.immediate());
    }

    @Test
    void aBadValueIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.ALERT_SETTLE_MS, "3s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plo.tracker.alert-settle-ms must be a whole number of milliseconds, was '3s'");
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.ALERT_SETTLE_MS, "-5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plo.tracker.alert-settle-ms").hasMessageContaining("-5");
    }

    @Test
    void theIdleThresholdIsReadFromItsPropertyAndDefaultsBelowTheSettleInterval() {
        assertThat(TopologySettings.defaults().idleAfter()).isEqualTo(Duration.ofSeconds(2))
                .isLessThan(TopologySettings.defaults().alertSettle());
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.IDLE_AFTER_MS, "500")).idleAfter())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.IDLE_AFTER_MS, "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plo.tracker.idle-after-ms");
    }

    @Test
    void theKeptVersionsAreReadFromTheirPropertyAndSurviveTheOtherSettings() {
        assertThat(TopologySettings.defaults().recentPatientVersions()).isEqualTo(10_000);
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.RECENT_PATIENT_VERSIONS, "0"))
                .alertSettle(Duration.ZERO).idleAfter(Duration.ofMillis(5)).recentPatientVersions()).isZero();
        assertThat(TopologySettings.fromProperties(Map.of(TopologySettings.RECENT_PATIENT_VERSIONS,
                "99999999999")).recentPatientVersions()).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> TopologySettings.fromProperties(Map.of(TopologySettings.RECENT_PATIENT_VERSIONS,
                "many"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plo.tracker.recent-patient-versions must be a whole number, was 'many'");
        assertThatThrownBy(() -> TopologySettings.defaults().recentPatientVersions(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plo.tracker.recent-patient-versions");
    }

    @Test
    void thePunctuatorChecksAQuarterOfTheSettleIntervalBetween10And100Ms() {
        assertThat(TopologySettings.defaults().alertCheckInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(TopologySettings.defaults().alertSettle(Duration.ofMillis(200)).alertCheckInterval())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(TopologySettings.defaults().alertSettle(Duration.ofMillis(20)).alertCheckInterval())
                .isEqualTo(Duration.ofMillis(10));
        assertThat(TopologySettings.immediate().alertCheckInterval()).isEqualTo(Duration.ofMillis(100));
    }
}
