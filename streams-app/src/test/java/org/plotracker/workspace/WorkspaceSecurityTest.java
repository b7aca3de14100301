package org.plotracker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plotracker.app.AppConfig;
import org.plotracker.security.Role;

/**
 * The workspace's access rules on a real server (no streams attached: a request that passes the rules is answered
 * 503 "starting", one refused by them 401 or 403), and the configuration rules that keep a patient's record off an
 * open port.
 */
class WorkspaceSecurityTest {

    private static final String CARE_TOKEN = "care-token-4f9a";
    private static final String ANALYST_TOKEN = "analyst-token-77c1";
    private static WorkspaceServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        WorkspaceSettings.Credentials credentials = WorkspaceSettings.Credentials.parse(
                "nurse:CARE_TEAM:" + CARE_TOKEN + ",stats:ANALYST:" + ANALYST_TOKEN,
                org.plotracker.app.Setting.HTTP_TOKENS, "dr-who:CARE_TEAM:s3cret-pass",
                org.plotracker.app.Setting.HTTP_PASSWORDS);
        server = new WorkspaceServer(WorkspaceSettings.loopbackForTests().withCredentials(credentials)).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @ParameterizedTest(name = "{0} {1} with {2}: {3}")
    @CsvSource({
        // no credentials, no data
        "GET,  /api/patients/PLO-SRC-05,      none,            401",
        "GET,  /api/worklist,                 none,            401",
        "GET,  /api/cohort,                   none,            401",
        "GET,  /api/bmd-changes,              none,            401",
        "POST, /api/alerts/a1/acknowledge,    none,            401",
        // unknown or malformed credentials
        "GET,  /api/patients/PLO-SRC-05,      bearer-wrong,    401",
        "GET,  /api/patients/PLO-SRC-05,      basic-wrong,     401",
        "GET,  /api/patients/PLO-SRC-05,      basic-garbled,   401",
        // the analyst never reads one patient's record, nor the worklist, nor acknowledges
        "GET,  /api/patients/PLO-SRC-05,      analyst,         403",
        "GET,  /api/patients/PLO-SRC-05/bmd,  analyst,         403",
        "GET,  /api/worklist,                 analyst,         403",
        "POST, /api/alerts/a1/acknowledge,    analyst,         403",
        // allowed: past the rules (503 only because no streams are attached)
        "GET,  /api/cohort,                   analyst,         503",
        "GET,  /api/bmd-changes,              analyst,         503",
        "GET,  /api/patients/PLO-SRC-05,      care,            503",
        "GET,  /api/worklist,                 care,            503",
        "GET,  /api/patients/PLO-SRC-05,      basic-care,      503",
        "GET,  /api/cohort,                   care,            503",
    })
    void accessRules(String method, String path, String credentials, int expected) throws Exception {
        HttpResponse<String> response = send(method, path, credentials);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        if (expected == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        if (expected == 503) {
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(response.body()).doesNotContain(CARE_TOKEN).doesNotContain(ANALYST_TOKEN);
    }

    @Test
    void healthAndPagesNeedNoLoginButCarryNoPatientData() throws Exception {
        assertThat(send("GET", WorkspacePaths.LIVE, "none").statusCode()).isEqualTo(200);
        assertThat(send("GET", WorkspacePaths.READY, "none").statusCode()).isEqualTo(503);
        assertThat(send("GET", WorkspacePaths.PATIENT_PAGE, "none").statusCode()).isEqualTo(200);
    }

    @Test
    void listeningBeyondLoopbackWithoutCredentialsIsRefusedAtStart() {
        AppConfig open = AppConfig.resolve(Optional.empty(), Map.of("PLO_HTTP_HOST", "0.0.0.0",
                "PLO_HTTP_ADVERTISED_HOST", "tracker-1"), Map.of());
        assertThatThrownBy(() -> WorkspaceSettings.from(open))
                .isInstanceOf(AppConfig.InvalidConfigurationException.class)
                .hasMessageContaining("without authentication").hasMessageContaining("PLO_HTTP_TOKENS");

        AppConfig secured = AppConfig.resolve(Optional.empty(), Map.of("PLO_HTTP_HOST", "0.0.0.0",
                "PLO_HTTP_ADVERTISED_HOST", "tracker-1", "PLO_HTTP_TOKENS", "nurse:CARE_TEAM:abc"), Map.of());
        WorkspaceSettings settings = WorkspaceSettings.from(secured);
        assertThat(settings.advertisedHost()).isEqualTo("tracker-1");
        assertThat(settings.credentials().tokens().get("abc"))
                .isEqualTo(new WorkspaceSettings.Caller("nurse", Role.CARE_TEAM));
        assertThat(secured.describe().get("plo.http.auth.tokens")).isEqualTo("********");
    }

    @Test
    void aCredentialWithARoleTheWorkspaceDoesNotServeOrAMalformedEntryIsRefusedWithoutShowingTheSecret() {
        assertThatThrownBy(() -> WorkspaceSettings.from(AppConfig.resolve(Optional.empty(),
                Map.of("PLO_HTTP_TOKENS", "ehr:CLINIC:topsecret"), Map.of())))
                .hasMessageContaining("ehr has role 'CLINIC'").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> WorkspaceSettings.from(AppConfig.resolve(Optional.empty(),
                Map.of("PLO_HTTP_PASSWORDS", "nurse:CARE_TEAM:ok,justasecret"), Map.of())))
                .hasMessageContaining("entry 2 is not name:ROLE:secret").hasMessageNotContaining("justasecret");
    }

    private static HttpResponse<String> send(String method, String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{\"patientId\":\"PLO-SRC-05\"}")
                        : HttpRequest.BodyPublishers.noBody());
        switch (credentials) {
            case "care" -> request.header("Authorization", "Bearer " + CARE_TOKEN);
            case "analyst" -> request.header("Authorization", "Bearer " + ANALYST_TOKEN);
            case "bearer-wrong" -> request.header("Authorization", "Bearer not-a-token");
            case "basic-care" -> request.header("Authorization", basic("dr-who:s3cret-pass"));
            case "basic-wrong" -> request.header("Authorization", basic("dr-who:guess"));
            case "basic-garbled" -> request.header("Authorization", "Basic %%%");
            default -> { }
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
