package org.plotracker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.plotracker.app.AppConfig;

class WorkspaceSettingsTest {

    @Test
    void byDefaultTheWorkspaceListensOnLoopbackPort8080AndMayMoveWhenItIsTaken() {
        WorkspaceSettings settings = WorkspaceSettings.from(AppConfig.resolve(Optional.empty(), Map.of(), Map.of()));
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(settings.portMayMove()).isTrue();
        assertThat(settings.credentials().isEmpty()).isTrue();
    }

    @Test
    void anApplicationServerGivenByHandNamesThePortAndHostAndThePortNeverMoves() {
        WorkspaceSettings settings = WorkspaceSettings.from(AppConfig.resolve(Optional.empty(),
                Map.of("PLO_KAFKA_APPLICATION_SERVER", "streams-app-1:7070"), Map.of()));
        assertThat(settings.port()).isEqualTo(7070);
        assertThat(settings.advertisedHost()).isEqualTo("streams-app-1");
        assertThat(settings.portMayMove()).isFalse();

        WorkspaceSettings explicit = WorkspaceSettings.from(AppConfig.resolve(Optional.empty(),
                Map.of("PLO_KAFKA_APPLICATION_SERVER", "streams-app-1:7070", "PLO_HTTP_PORT", "9090",
                        "PLO_HTTP_ADVERTISED_HOST", "tracker.example"), Map.of()));
        assertThat(explicit.port()).isEqualTo(9090);
        assertThat(explicit.advertisedHost()).isEqualTo("tracker.example");
    }

    @Test
    void aMalformedPortIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WorkspaceSettings.from(AppConfig.resolve(Optional.empty(),
                Map.of("PLO_HTTP_PORT", "web"), Map.of())))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining("plo.http.port").hasMessageContaining("PLO_HTTP_PORT");
    }
}
