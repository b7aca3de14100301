package org.plotracker.infrastructure.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throw-away CA's stores work for real TLS handshakes, with hostname verification and client certificates. */
class ThrowawayCertificateAuthorityTest {

    private static final char[] PASSWORD = "store-secret".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aServerCertificateOfTheCaIsTrustedWithHostnameVerificationAndTheClientCertificateIsSeen() throws Exception {
        ThrowawayCertificateAuthority ca = ThrowawayCertificateAuthority.create("plo test CA", Duration.ofDays(1));
        Path serverStore = ca.issueServer("broker", List.of("localhost"), List.of("127.0.0.1"))
                .writeKeyStore(dir.resolve("broker.p12"), PASSWORD);
        Path clientStore = ca.issueClient("plo-clinic").writeKeyStore(dir.resolve("clinic.p12"), PASSWORD);
        Path trust = ca.writeTrustStore(dir.resolve("trust.p12"), PASSWORD);

        String peer = handshake(context(serverStore, trust), context(clientStore, trust));

        assertThat(peer).contains("CN=plo-clinic");
        assertThat(Files.getPosixFilePermissions(serverStore)).hasSize(2); // owner read and write only
    }

    @Test
    void aCertificateOfAnotherCaIsRefused() throws Exception {
        ThrowawayCertificateAuthority ca = ThrowawayCertificateAuthority.create("plo test CA", Duration.ofDays(1));
        ThrowawayCertificateAuthority stranger = ThrowawayCertificateAuthority.create("other CA", Duration.ofDays(1));
        Path serverStore = stranger.issueServer("broker", List.of("localhost"), List.of("127.0.0.1"))
                .writeKeyStore(dir.resolve("broker.p12"), PASSWORD);
        Path trust = ca.writeTrustStore(dir.resolve("trust.p12"), PASSWORD);
        Path clientStore = ca.issueClient("plo-clinic").writeKeyStore(dir.resolve("clinic.p12"), PASSWORD);

        assertThatThrownBy(() -> handshake(context(serverStore, trust), context(clientStore, trust)))
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theServerCertificateNamesItsHostsAndIsIssuedByTheCa() throws Exception {
        ThrowawayCertificateAuthority ca = ThrowawayCertificateAuthority.create("plo test CA", Duration.ofDays(2));
        X509Certificate server = ca.issueServer("registry", List.of("localhost"), List.of("127.0.0.1")).certificate();
        server.verify(ca.certificate().getPublicKey());
        server.checkValidity();
        assertThat(server.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.certificate().getBasicConstraints()).isZero();
        assertThat(server.getNotAfter()).isAfter(new java.util.Date(System.currentTimeMillis()
                + Duration.ofDays(1).toMillis()));
    }

    /** A handshake to 127.0.0.1 that needs the client's certificate; returns the client's subject seen by the server. */
    private static String handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    String subject = socket.getSession().getPeerPrincipal().getName();
                    socket.getOutputStream().write(1);
                    return subject;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
                    listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // hostname verification, as Kafka's default
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
            } catch (SSLHandshakeException e) {
                throw new IllegalStateException(e);
            }
            return accepted.get(30, TimeUnit.SECONDS);
        }
    }

    private static SSLContext context(Path keyStore, Path trustStore) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }
}
