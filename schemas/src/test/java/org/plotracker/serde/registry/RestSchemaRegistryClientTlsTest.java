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

/** TLS to the registry: a self-signed server is trusted through the configured trust store, not by default. */
class RestSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path truststore;
    private static StubRegistryServer server;

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
        server = new StubRegistryServer(serverContext(keystore));
        server.answer("GET", "/subjects", 200, "[\"tls-value\"]");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
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

    private static SSLContext serverContext(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
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
