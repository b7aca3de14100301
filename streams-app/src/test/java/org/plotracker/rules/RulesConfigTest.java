package org.plotracker.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class RulesConfigTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        RulesConfig c = RulesConfig.defaults();
        assertThat(c.ruleSetVersion()).isEqualTo("plo-rules-1.1");
        assertThat(c.episodeWindowMonths()).isEqualTo(18);
        assertThat(c.thirdTrimesterDays()).isEqualTo(98);
        assertThat(c.lowZScore()).isEqualTo(-2.0);
        assertThat(c.lscMultiplier()).isEqualTo(2.77);
        assertThat(c.lscPercent(Site.LUMBAR_SPINE)).contains(5.3);
        assertThat(c.lscPercent(Site.TOTAL_HIP)).contains(5.0);
        assertThat(c.lscPercent(Site.FEMORAL_NECK)).contains(6.9);
        assertThat(c.lscPercent(Site.DISTAL_RADIUS_33)).isEmpty();
        assertThat(c.deltaZThreshold(Site.LUMBAR_SPINE)).contains(0.4);
        assertThat(c.deltaZThreshold(Site.FEMORAL_NECK)).contains(0.45);
        assertThat(c.deltaZThreshold(Site.TOTAL_HIP)).contains(0.35);
        assertThat(c.baselineLookbackDays()).isEqualTo(90);
        assertThat(c.persistentLowZMonths()).isEqualTo(12);
        assertThat(c.shortIntervalMonths()).isEqualTo(24);
        assertThat(c.highTierWeakerFactors()).isEqualTo(2);
        assertThat(c.pregnancyLinkDays()).isEqualTo(300);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void aClinicOverridesEveryKeyFromProperties() {
        Properties p = new Properties();
        p.setProperty("plo.rules.ruleSetVersion", "clinic-a-3");
        p.setProperty("plo.rules.episode.windowMonths", "12");
        p.setProperty("plo.rules.episode.thirdTrimesterDays", "90");
        p.setProperty("plo.rules.lowZScore", "-2.5");
        p.setProperty("plo.rules.lsc.multiplier", "2.8");
        p.setProperty("plo.rules.lsc.percent.LUMBAR_SPINE", "3.1");
        p.setProperty("plo.rules.deltaZ.femoral_neck", "0.5");
        p.setProperty("plo.rules.precision.HOLOGIC:H-1.2024.LUMBAR_SPINE", "0.011");
        p.setProperty("plo.rules.crossCalibrated", "HOLOGIC:H-1~GE_LUNAR:L-7, NORLAND:N~HOLOGIC:H-9");
        p.setProperty("plo.rules.baseline.lookbackDays", "30");
        p.setProperty("plo.rules.severity.persistentLowZMonths", "18");
        p.setProperty("plo.rules.recurrence.shortIntervalMonths", "18");
        p.setProperty("plo.rules.recurrence.highTierWeakerFactors", "3");
        p.setProperty("plo.rules.recurrence.pregnancyLinkDays", "290");
        p.setProperty("bootstrap.servers", "ignored:9092");
        RulesConfig c = RulesConfig.fromProperties(p);
        assertThat(c.ruleSetVersion()).isEqualTo("clinic-a-3");
        assertThat(c.episodeWindowMonths()).isEqualTo(12);
        assertThat(c.thirdTrimesterDays()).isEqualTo(90);
        assertThat(c.lowZScore()).isEqualTo(-2.5);
        assertThat(c.lscMultiplier()).isEqualTo(2.8);
        assertThat(c.lscPercent(Site.LUMBAR_SPINE)).contains(3.1);
        assertThat(c.lscPercent(Site.TOTAL_HIP)).contains(5.0);
        assertThat(c.deltaZThreshold(Site.FEMORAL_NECK)).contains(0.5);
        assertThat(c.precisionRmsSd(new DxaDeviceRef("HOLOGIC", null, "H-1.2024"), Site.LUMBAR_SPINE))
                .contains(0.011);
        assertThat(c.crossCalibrated(new DxaDeviceRef("GE_LUNAR", null, "L-7"),
                new DxaDeviceRef("HOLOGIC", null, "H-1"))).isTrue();
        assertThat(c.crossCalibrated(new DxaDeviceRef("HOLOGIC", null, "H-9"),
                new DxaDeviceRef("NORLAND", null, "N"))).isTrue();
        assertThat(c.baselineLookbackDays()).isEqualTo(30);
        assertThat(c.persistentLowZMonths()).isEqualTo(18);
        assertThat(c.shortIntervalMonths()).isEqualTo(18);
        assertThat(c.highTierWeakerFactors()).isEqualTo(3);
        assertThat(c.pregnancyLinkDays()).isEqualTo(290);
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheKey() {
        Properties typo = new Properties();
        typo.setProperty("plo.rules.episode.windowMonth", "12");
        assertThatThrownBy(() -> RulesConfig.fromProperties(typo)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plo.rules.episode.windowMonth").hasMessageContaining("unknown rules key");
        Properties negative = new Properties();
        negative.setProperty("plo.rules.deltaZ.LUMBAR_SPINE", "-0.4");
        assertThatThrownBy(() -> RulesConfig.fromProperties(negative)).hasMessageContaining("deltaZ.LUMBAR_SPINE");
        Properties site = new Properties();
        site.setProperty("plo.rules.lsc.percent.SKULL", "3");
        assertThatThrownBy(() -> RulesConfig.fromProperties(site)).hasMessageContaining("unknown DXA site 'SKULL'");
        Properties notNumber = new Properties();
        notNumber.setProperty("plo.rules.lowZScore", "low");
        assertThatThrownBy(() -> RulesConfig.fromProperties(notNumber)).hasMessageContaining("plo.rules.lowZScore");
        Properties pair = new Properties();
        pair.setProperty("plo.rules.crossCalibrated", "HOLOGIC:H-1");
        assertThatThrownBy(() -> RulesConfig.fromProperties(pair)).hasMessageContaining("deviceKeyA");
    }
}
