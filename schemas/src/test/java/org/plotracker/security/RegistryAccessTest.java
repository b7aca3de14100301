package org.plotracker.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plotracker.security.RegistryAccess.Operation;

/** Every role reads schemas; only the release step changes the registry. */
class RegistryAccessTest {

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        "GET,    /subjects,                                  READ",
        "GET,    /schemas/ids/7,                             READ",
        "POST,   /subjects/plo.events.delivery.v1-value,     READ",
        "POST,   /compatibility/subjects/s-value/versions/latest, READ",
        "POST,   /subjects/plo.events.delivery.v1-value/versions, WRITE",
        "DELETE, /subjects/s-value,                          WRITE",
        "PUT,    /config/s-value,                            WRITE",
        "PUT,    /config,                                    WRITE",
        "POST,   /subjects/s-value/versions/1,               WRITE"})
    void requestsAreClassifiedByMethodAndPath(String method, String path, Operation expected) {
        assertThat(RegistryAccess.operationOf(method, path)).isEqualTo(expected);
    }

    @Test
    void rolesReadOnlyAndTheReleaseStepDoesEverything() {
        for (Role role : Role.values()) {
            assertThat(RegistryAccess.allows(role, Operation.READ)).as("%s reads", role).isTrue();
            assertThat(RegistryAccess.allows(role, Operation.WRITE)).as("%s registers", role).isFalse();
        }
        assertThat(RegistryAccess.allows(null, Operation.WRITE)).isTrue();
    }
}
