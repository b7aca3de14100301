package org.plotracker.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the registry: a self-signed server is trusted through the configured trust store, not by default; a registry
 * that demands client certificates (mutual TLS) accepts the one in {@code schema.registry.ssl.keystore.*} and refuses
 * a client without one.
 */
class RestSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path truststore;
    private static StubRegistryServer server;
    private static StubRegistryServer mutualServer;
    private static Path clientKeystore;

    @BeforeAll
    static void startTlsServer() throws Exception {
        Path keystore = dir.resolve("registry.p12");
        Path certificate = dir.resolve("registry.cer");
        truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", truststore.toString(), "-storepass", PASSWORD);
        server = new StubRegistryServer(serverContext(keystore, null));
        server.answer("GET", "/subjects", 200, "[\"tls-value\"]");

        // Mutual TLS: the server trusts exactly one client certificate.
        clientKeystore = dir.resolve("client.p12");
        Path clientCertificate = dir.resolve("client.cer");
        Path serverTrust = dir.resolve("server-trust.p12");
        keytool("-genkeypair", "-alias", "clinic", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=plo-clinic", "-storetype", "PKCS12", "-keystore", clientKeystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "clinic", "-keystore", clientKeystore.toString(), "-storepass", PASSWORD,
                "-file", clientCertificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "clinic", "-file", clientCertificate.toString(), "-storetype",
                "PKCS12", "-keystore", serverTrust.toString(), "-storepass", PASSWORD);
        mutualServer = new StubRegistryServer(serverContext(keystore, serverTrust), true);
        mutualServer.answer("GET", "/subjects", 200, "[\"mtls-value\"]");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (mutualServer != null) {
            mutualServer.close();
        }
    }

    @Test
    void trustsTheServerThroughTheConfiguredTrustStore() {
        var client = new RestSchemaRegistryClient(Map.of("schema.registry.url", server.url(),
                "schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12"));
        assertThat(client.subjects()).containsExactly("tls-value");
    }

    @Test
    void theJvmDefaultTrustRefusesASelfSignedRegistry() {
        var client = new RestSchemaRegistryClient(Map.of("schema.registry.url", server.url(), "max.retries", 0));
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::subjects);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.CONNECTION_FAILED);
        assertThat(e.getMessage()).contains("SSL");
    }

    @Test
    void aMissingTrustStoreIsAConfigError() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", server.url(),
                "schema.registry.ssl.truststore.location", dir.resolve("nope.p12").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot load trust store");
    }

    @Test
    void presentsItsClientCertificateToARegistryThatDemandsOne() {
        var client = new RestSchemaRegistryClient(Map.of("schema.registry.url", mutualServer.url(),
                "schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12",
                "schema.registry.ssl.keystore.location", clientKeystore.toString(),
                "schema.registry.ssl.keystore.password", PASSWORD,
                "schema.registry.ssl.keystore.type", "PKCS12"));
        assertThat(client.subjects()).containsExactly("mtls-value");
    }

    @Test
    void withoutAClientCertificateARegistryThatDemandsOneRefusesTheConnection() {
        var client = new RestSchemaRegistryClient(Map.of("schema.registry.url", mutualServer.url(), "max.retries", 0,
                "schema.registry.ssl.truststore.location", truststore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12"));
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, client::subjects);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.CONNECTION_FAILED);
    }

    @Test
    void aWrongKeyStorePasswordIsAConfigErrorNamingTheSetting() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", mutualServer.url(),
                "schema.registry.ssl.keystore.location", clientKeystore.toString(),
                "schema.registry.ssl.keystore.password", "wrong",
                "schema.registry.ssl.keystore.type", "PKCS12")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.keystore.location")
                .hasMessageContaining("cannot load key store");
    }

    private static SSLContext serverContext(Path keystore, Path trustedClients)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), PASSWORD.toCharArray());
        javax.net.ssl.TrustManager[] trust = null;
        if (trustedClients != null) {
            javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(trustedClients));
            trust = factory.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust, null);
        return context;
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
