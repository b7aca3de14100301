package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plotracker.rules.RulesConfig;

class RulesFileTest {

    @TempDir
    Path dir;

    @Test
    void withoutAFileTheBuiltInRulesApply() {
        assertThat(TrackerService.loadRules(Optional.empty())).isEqualTo(RulesConfig.defaults());
    }

    @Test
    void aClinicsOverridesReplaceTheDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("rules.properties"), """
                # clinic A: own rule-set version, stricter low-Z threshold
                plo.rules.ruleSetVersion=clinic-a-2
                plo.rules.lowZScore=-2.5
                """);

        RulesConfig rules = TrackerService.loadRules(Optional.of(file));

        assertThat(rules.ruleSetVersion()).isEqualTo("clinic-a-2");
        assertThat(rules.lowZScore()).isEqualTo(-2.5);
        assertThat(rules.episodeWindowMonths()).isEqualTo(RulesConfig.defaults().episodeWindowMonths());
    }

    @Test
    void aBadValueNamesTheFileAndTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "plo.rules.lowZScore=minus two\n");

        assertThatThrownBy(() -> TrackerService.loadRules(Optional.of(file)))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("plo.rules.lowZScore");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> TrackerService.loadRules(Optional.of(missing)))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining(missing.toString());
    }
}
