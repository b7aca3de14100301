package org.plotracker.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.plotracker.serde.registry.InMemorySchemaRegistryClientTest.assertCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.serde.AvroSerdes;
import org.plotracker.serde.ConfluentWireFormat;

/**
 * The REST client against a stub answering Confluent Schema Registry's documented responses (API reference:
 * https://docs.confluent.io/platform/current/schema-registry/develop/api.html).
 */
class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "plo.events.delivery.v1-value";
    private static final String SUBJECT_PATH = "/subjects/" + SUBJECT;
    private static final Schema SCHEMA = DeliveryRecorded.getClassSchema();

    private final StubRegistryServer stub = new StubRegistryServer();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    private RestSchemaRegistryClient client(Object... extra) {
        return new RestSchemaRegistryClient(config(stub.url(), extra));
    }

    private static Map<String, Object> config(String url, Object... extra) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", url);
        config.put("retries.wait.ms", 1);
        config.put("retries.max.wait.ms", 5);
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    private static String versionBody(int version, int id) throws IOException {
        return JSON.createObjectNode().put("subject", SUBJECT).put("version", version).put("id", id)
                .put("schema", SCHEMA.toString()).toString();
    }

    @Test
    void registerPostsTheSchemaWithTheRegistryContentType() throws IOException {
        stub.answer("POST", SUBJECT_PATH + "/versions", 200, "{\"id\":7}");
        assertThat(client().register(SUBJECT, SCHEMA)).isEqualTo(7);

        StubRegistryServer.Recorded request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Authorization")).isNull();
        String sent = JSON.readTree(request.body()).get("schema").asText();
        assertThat(new Schema.Parser().parse(sent)).isEqualTo(SCHEMA);
    }

    @Test
    void readsVersionsIdsSubjectsAndConfig() throws IOException {
        stub.answer("POST", SUBJECT_PATH, 200, versionBody(2, 11))
                .answer("GET", "/schemas/ids/11", 200, JSON.createObjectNode().put("schema", SCHEMA.toString())
                        .toString())
                .answer("GET", SUBJECT_PATH + "/versions/latest", 200, versionBody(2, 11))
                .answer("GET", SUBJECT_PATH + "/versions/1", 200, versionBody(1, 3))
                .answer("GET", "/subjects", 200, "[\"" + SUBJECT + "\",\"other-value\"]")
                .answer("GET", SUBJECT_PATH + "/versions", 200, "[1,2]")
                .answer("GET", "/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}")
                .answer("PUT", "/config", 200, "{\"compatibility\":\"FULL\"}")
                .answer("GET", "/config/" + SUBJECT, 200, "{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}")
                .answer("PUT", "/config/" + SUBJECT, 200, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}")
                .answer("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest", 200,
                        "{\"is_compatible\":false}");
        RestSchemaRegistryClient client = client();

        assertThat(client.lookup(SUBJECT, SCHEMA)).isEqualTo(new RegisteredSchema(SUBJECT, 2, 11, SCHEMA));
        assertThat(client.schemaById(11)).isEqualTo(SCHEMA);
        assertThat(client.latest(SUBJECT).version()).isEqualTo(2);
        assertThat(client.version(SUBJECT, 1).id()).isEqualTo(3);
        assertThat(client.subjects()).containsExactly(SUBJECT, "other-value");
        assertThat(client.versions(SUBJECT)).containsExactly(1, 2);
        assertThat(client.globalCompatibility()).isEqualTo("BACKWARD");
        client.setGlobalCompatibility("full");
        assertThat(client.compatibility(SUBJECT)).isEqualTo("BACKWARD_TRANSITIVE");
        client.setCompatibility(SUBJECT, "BACKWARD_TRANSITIVE");
        assertThat(client.testCompatibility(SUBJECT, SCHEMA)).isFalse();

        List<StubRegistryServer.Recorded> requests = stub.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST " + SUBJECT_PATH, "GET /schemas/ids/11", "GET " + SUBJECT_PATH + "/versions/latest",
                "GET " + SUBJECT_PATH + "/versions/1", "GET /subjects", "GET " + SUBJECT_PATH + "/versions",
                "GET /config", "PUT /config", "GET /config/" + SUBJECT, "PUT /config/" + SUBJECT,
                "POST /compatibility/subjects/" + SUBJECT + "/versions/latest");
        assertThat(JSON.readTree(requests.get(7).body()).get("compatibility").asText()).isEqualTo("FULL");
        assertThat(requests.get(8).query()).isEqualTo("defaultToGlobal=true");
    }

    @Test
    void documentedErrorsBecomeTypedExceptionsWithoutRetry() {
        stub.answer("GET", "/subjects/missing-value/versions/latest", 404,
                        "{\"error_code\":40401,\"message\":\"Subject 'missing-value' not found.\"}")
                .answer("POST", SUBJECT_PATH, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
                .answer("GET", SUBJECT_PATH + "/versions/9", 404,
                        "{\"error_code\":40402,\"message\":\"Version 9 not found.\"}")
                .answer("POST", SUBJECT_PATH + "/versions", 409, "{\"error_code\":409,\"message\":\"Schema being "
                        + "registered is incompatible with an earlier schema for subject \\\"" + SUBJECT + "\\\"\"}")
                .answer("POST", "/subjects/bad-value/versions", 422,
                        "{\"error_code\":42201,\"message\":\"Either the input schema or one its references is "
                                + "invalid\"}");
        RestSchemaRegistryClient client = client();

        assertCode(() -> client.latest("missing-value"), 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertCode(() -> client.lookup(SUBJECT, SCHEMA), 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertCode(() -> client.version(SUBJECT, 9), 404, SchemaRegistryException.VERSION_NOT_FOUND);
        assertCode(() -> client.register(SUBJECT, SCHEMA), 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        assertCode(() -> client.register("bad-value", SCHEMA), 422, SchemaRegistryException.INVALID_SCHEMA);
        assertThatThrownBy(() -> client.latest("missing-value")).hasMessageContaining("Subject 'missing-value' not "
                + "found.");
        assertThat(stub.requests()).as("4xx answers are not retried").hasSize(6);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenSucceed() {
        stub.answer("GET", "/schemas/ids/5", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}")
                .answer("GET", "/schemas/ids/5", 503, "<html>Service Unavailable</html>")
                .answer("GET", "/schemas/ids/5", 200, "{\"schema\":\"\\\"string\\\"\"}");
        assertThat(client("max.retries", 2).schemaById(5)).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void retriesAreBoundedAndTheLastErrorIsReported() {
        stub.answer("GET", "/schemas/ids/5", 500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        long start = System.nanoTime();
        RestSchemaRegistryClient client = client("max.retries", 3, "retries.wait.ms", 20, "retries.max.wait.ms", 40);
        assertCode(() -> client.schemaById(5), 500, SchemaRegistryException.STORE_ERROR);
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stub.requests()).as("first attempt + 3 retries").hasSize(4);
        assertThat(elapsedMillis).as("backoff 20 + 40 + 40 ms (doubling, capped)").isGreaterThanOrEqualTo(100);
    }

    @Test
    void nonJsonErrorBodiesAreStillReported() {
        stub.answer("GET", "/subjects", 502, "<html>Bad Gateway</html>");
        SchemaRegistryException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                SchemaRegistryException.class, () -> client("max.retries", 0).subjects());
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).contains("Bad Gateway");
    }

    @Test
    void failsOverToTheNextUrlAndKeepsUsingIt() throws IOException {
        int closedPort = closedPort();
        try (StubRegistryServer second = new StubRegistryServer()) {
            second.answer("GET", "/subjects", 200, "[\"a\"]");
            stub.answer("GET", "/subjects", 503, "{\"error_code\":50003,\"message\":\"Error while forwarding\"}");
            String urls = "http://127.0.0.1:" + closedPort + "," + stub.url() + "," + second.url();
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(urls, "max.retries", 0));
            assertThat(client.subjects()).containsExactly("a");
            assertThat(client.subjects()).containsExactly("a");
            assertThat(stub.requests()).as("the failing instance is asked once").hasSize(1);
            assertThat(second.requests()).hasSize(2);
        }
    }

    @Test
    void unreachableRegistryIsAConnectionFailureAfterRetries() throws IOException {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                config("http://127.0.0.1:" + closedPort(), "max.retries", 2));
        SchemaRegistryException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                SchemaRegistryException.class, client::subjects);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.CONNECTION_FAILED);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.getMessage()).contains("Cannot reach schema registry at http://127.0.0.1:");
    }

    @Test
    void baseUrlsWithAPathPrefixAreKept() {
        // e.g. Apicurio Registry's Confluent-compatible API under /apis/ccompat/v7
        stub.answer("GET", "/apis/ccompat/v7/subjects/a%20b%2Fc-value/versions", 200, "[3]");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(stub.url() + "/apis/ccompat/v7/"));
        assertThat(client.versions("a b/c-value")).containsExactly(3);
    }

    @Test
    void basicAuthFromUserInfo() {
        stub.answer("GET", "/subjects", 200, "[]");
        client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "clinic:s3cret:x").subjects();
        assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("clinic:s3cret:x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void basicAuthFromTheUrlIsSentAsAHeaderNotInTheUrl() {
        stub.answer("GET", "/subjects", 200, "[]");
        String url = stub.url().replace("http://", "http://clinic:pw@");
        new RestSchemaRegistryClient(config(url, "basic.auth.credentials.source", "URL")).subjects();
        assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("clinic:pw".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bearerToken() {
        stub.answer("GET", "/subjects", 200, "[]");
        client("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "tok-123").subjects();
        assertThat(stub.requests().get(0).header("Authorization")).isEqualTo("Bearer tok-123");
    }

    @Test
    void inconsistentAuthConfigIsRefused() {
        assertThatThrownBy(() -> client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "u:p",
                "bearer.auth.token", "t")).isInstanceOf(ConfigException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> client("basic.auth.credentials.source", "USER_INFO"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of("schema.registry.url", "ftp://x")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new RestSchemaRegistryClient(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void subjectOrVersionWithoutAnyVersionsIsCompatible() {
        stub.answer("POST", "/compatibility/subjects/new-value/versions/latest", 404,
                "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}");
        assertThat(client().testCompatibility("new-value", SCHEMA)).isTrue();
    }

    @Test
    void subjectWithoutOwnLevelFallsBackToGlobalOnOlderRegistries() {
        stub.answer("GET", "/config/" + SUBJECT, 404,
                        "{\"error_code\":40408,\"message\":\"Subject 'x' does not have subject-level compatibility "
                                + "configured\"}")
                .answer("GET", "/config", 200, "{\"compatibilityLevel\":\"FULL\"}");
        assertThat(client().compatibility(SUBJECT)).isEqualTo("FULL");
    }

    @Test
    void serdeOverHttpLooksUpAndFetchesOnceThanksToTheCache() throws IOException {
        stub.answer("POST", SUBJECT_PATH, 200, versionBody(1, 21))
                .answer("GET", "/schemas/ids/21", 200, JSON.createObjectNode().put("schema", SCHEMA.toString())
                        .toString());
        var record = DeliveryRecorded.newBuilder().setEventId("e-1").setPatientId("P-001")
                .setClinicalDate(java.time.LocalDate.of(2024, 3, 1)).setRecordedAt(java.time.Instant.EPOCH)
                .setSourceSystem("clinic-a").build();
        try (var serde = AvroSerdes.valueSerde(Topics.DELIVERY, config(stub.url()))) {
            for (int i = 0; i < 3; i++) {
                byte[] bytes = serde.serializer().serialize(Topics.DELIVERY.name(), record);
                assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(21);
                assertThat(serde.deserializer().deserialize(Topics.DELIVERY.name(), bytes)).isEqualTo(record);
            }
        }
        assertThat(stub.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST " + SUBJECT_PATH, "GET /schemas/ids/21");
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
