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
    void thePunctuatorChecksAQuarterOfTheWindowBetween50MsAnd1S() {
        assertThat(TopologySettings.defaults().alertCheckInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(TopologySettings.defaults().alertSettle(Duration.ofMillis(100)).alertCheckInterval())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(TopologySettings.defaults().alertSettle(Duration.ofMinutes(1)).alertCheckInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(TopologySettings.immediate().alertCheckInterval()).isEqualTo(Duration.ofSeconds(1));
    }
}
