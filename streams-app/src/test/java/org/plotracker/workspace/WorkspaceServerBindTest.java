package org.plotracker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The workspace binds before the streams start: the default port moves when taken, a configured one never does. */
class WorkspaceServerBindTest {

    @Test
    void theDefaultPortMovesToAFreeOneWhenTakenAndTheBoundPortIsAdvertised() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            WorkspaceServer server = new WorkspaceServer(new WorkspaceSettings("127.0.0.1", taken.getLocalPort(),
                    "127.0.0.1", WorkspaceSettings.Credentials.none(), true)).start();
            try {
                assertThat(server.port()).isPositive().isNotEqualTo(taken.getLocalPort());
                assertThat(server.applicationServer()).isEqualTo("127.0.0.1:" + server.port());
                assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void aConfiguredPortThatIsTakenFailsTheStartInsteadOfMoving() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            WorkspaceServer server = new WorkspaceServer(new WorkspaceSettings("127.0.0.1", taken.getLocalPort(),
                    "127.0.0.1", WorkspaceSettings.Credentials.none(), false));
            assertThatThrownBy(server::start).isInstanceOf(RuntimeException.class);
        }
    }
}
