package org.plotracker.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Apicurio's and Karapace's Confluent-compatible
 * endpoints, and by plo-tracker's embedded registry) over {@link HttpClient}.
 *
 * <ul>
 *   <li>Content type {@code application/vnd.schemaregistry.v1+json}; errors are read from Confluent's
 *       {@code {"error_code":..., "message":...}} bodies into {@link SchemaRegistryException}.</li>
 *   <li>Several base URLs: a connection error or 5xx answer moves on to the next URL; the URL that last answered is
 *       tried first.</li>
 *   <li>Retries: when every URL failed with a connection error or 5xx, waits {@code retries.wait.ms}, doubling up to
 *       {@code retries.max.wait.ms}, at most {@code max.retries} times. 4xx answers are never retried.</li>
 *   <li>Basic auth ({@code basic.auth.credentials.source=USER_INFO|URL}) or a bearer token; TLS through the JVM's
 *       default trust or {@code schema.registry.ssl.truststore.*}; a client certificate for mutual TLS from
 *       {@code schema.registry.ssl.keystore.*}.</li>
 * </ul>
 * No caching: wrap it in {@link CachingSchemaRegistryClient} ({@link SchemaRegistryClients#fromConfig} does).
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of Confluent Schema Registry requests and responses. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final String authorization;
    private final SchemaRegistryClientConfig settings;
    private volatile int preferred;

    public RestSchemaRegistryClient(SchemaRegistryClientConfig settings) {
        if (settings.isMock()) {
            throw new ConfigException("RestSchemaRegistryClient needs http(s) URLs, got " + settings.urls()
                    + "; use SchemaRegistryClients.fromConfig for mock:// URLs");
        }
        this.settings = settings;
        List<URI> urls = new ArrayList<>();
        for (String url : settings.urls()) {
            urls.add(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
        }
        this.baseUrls = List.copyOf(urls);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.customTls()) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
        if (settings.basicUserInfo() != null) {
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString(settings.basicUserInfo().getBytes(StandardCharsets.UTF_8));
        } else if (settings.bearerToken() != null) {
            authorization = "Bearer " + settings.bearerToken();
        } else {
            authorization = null;
        }
    }

    /** From a Kafka-style config map (see {@link SchemaRegistryClientConfig}). */
    public RestSchemaRegistryClient(Map<String, ?> config) {
        this(SchemaRegistryClientConfig.from(config));
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        return requiredInt(answer, "id");
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registered(send("POST", "/subjects/" + encode(subject), schemaBody(schema)), subject);
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        return parse(answer, "schema id " + id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(node -> versions.add(node.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public String globalCompatibility() {
        return compatibilityLevel(send("GET", "/config", null));
    }

    @Override
    public void setGlobalCompatibility(String level) {
        send("PUT", "/config", JSON.createObjectNode().put("compatibility", CompatibilityLevels.normalize(level)));
    }

    @Override
    public String compatibility(String subject) {
        try {
            return compatibilityLevel(send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
        } catch (SchemaRegistryException e) {
            // Registries older than defaultToGlobal answer 40401/40408 when the subject has no level of its own.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED) {
                return globalCompatibility();
            }
            throw e;
        }
    }

    @Override
    public void setCompatibility(String subject, String level) {
        send("PUT", "/config/" + encode(subject),
                JSON.createObjectNode().put("compatibility", CompatibilityLevels.normalize(level)));
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw unexpected("no boolean is_compatible in " + answer);
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    /**
     * Sends one request with failover and retries; returns the parsed JSON body of a 2xx answer.
     *
     * @throws SchemaRegistryException for 4xx answers at once, for 5xx / connection errors after the retries
     */
    JsonNode send(String method, String pathAndQuery, JsonNode body) {
        SchemaRegistryException last = null;
        for (int retry = 0; ; retry++) {
            int start = preferred;
            for (int i = 0; i < baseUrls.size(); i++) {
                int index = (start + i) % baseUrls.size();
                URI url = URI.create(baseUrls.get(index) + pathAndQuery);
                try {
                    HttpResponse<byte[]> response = http.send(request(method, url, body),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() < 500) {
                        preferred = index;
                        return handle(method, url, response);
                    }
                    last = error(response);
                    LOG.warn("Schema registry {} {} answered {} (error_code {}): {}", method, url,
                            response.statusCode(), last.errorCode(), last.registryMessage());
                } catch (IOException e) {
                    last = new SchemaRegistryException(0, SchemaRegistryException.CONNECTION_FAILED,
                            "Cannot reach schema registry at " + baseUrls.get(index) + ": "
                                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                            e);
                    LOG.warn("{} {} failed: {}", method, url, last.registryMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(0, SchemaRegistryException.CONNECTION_FAILED,
                            "Interrupted while calling the schema registry: " + method + " " + url, e);
                }
            }
            if (retry >= settings.maxRetries()) {
                throw last;
            }
            sleep(backoff(retry));
        }
    }

    private HttpRequest request(String method, URI url, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(settings.readTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE);
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static JsonNode handle(String method, URI url, HttpResponse<byte[]> response) {
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            try {
                return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new SchemaRegistryException(response.statusCode(), response.statusCode(),
                        "Schema registry answered " + method + " " + url + " with a body that is not JSON", e);
            }
        }
        throw error(response);
    }

    private static SchemaRegistryException error(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.has("error_code")) {
                String message = body.path("message").asText("(no message)");
                return new SchemaRegistryException(status, body.get("error_code").asInt(status), message);
            }
        } catch (IOException e) {
            // Not a Confluent error body (e.g. a proxy's HTML page); fall through to a generic error.
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return new SchemaRegistryException(status, status, "HTTP " + status + " from " + response.uri() + ": "
                + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
    }

    private Duration backoff(int retry) {
        long wait = settings.retryWait().toMillis();
        long max = settings.retryMaxWait().toMillis();
        long millis = retry >= 31 ? max : Math.min(max, wait << retry);
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(0, SchemaRegistryException.CONNECTION_FAILED,
                    "Interrupted while waiting to retry the schema registry", e);
        }
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static RegisteredSchema registered(JsonNode answer, String subject) {
        return new RegisteredSchema(answer.path("subject").asText(subject), requiredInt(answer, "version"),
                requiredInt(answer, "id"), parse(answer, "subject " + subject));
    }

    private static Schema parse(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw unexpected(what + " is a " + type + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected("no schema string for " + what + " in " + answer);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema registry returned an invalid Avro schema for " + what + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw unexpected("no integer '" + field + "' in " + answer);
        }
        return node.asInt();
    }

    private static String compatibilityLevel(JsonNode answer) {
        // GET answers "compatibilityLevel"; some registries answer "compatibility".
        JsonNode level = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw unexpected("no compatibilityLevel in " + answer);
        }
        return level.asText();
    }

    private static SchemaRegistryException unexpected(String detail) {
        return new SchemaRegistryException(200, 50000, "Unexpected schema registry answer: " + detail);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SSLContext sslContext(SchemaRegistryClientConfig settings) {
        try {
            TrustManager[] trust = null; // the JVM's default trust
            if (settings.truststoreLocation() != null) {
                KeyStore trustStore = load(SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION,
                        settings.truststoreLocation(), settings.truststoreType(), settings.truststorePassword());
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore);
                trust = factory.getTrustManagers();
            }
            KeyManager[] keys = null; // no client certificate
            if (settings.keystoreLocation() != null) {
                KeyStore keyStore = load(SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION,
                        settings.keystoreLocation(), settings.keystoreType(), settings.keystorePassword());
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                try {
                    factory.init(keyStore, settings.keyPassword() == null ? null : settings.keyPassword().toCharArray());
                } catch (GeneralSecurityException e) {
                    throw new ConfigException(SchemaRegistryClientConfig.SSL_KEY_PASSWORD, "(hidden)",
                            "cannot read the private key in " + settings.keystoreLocation() + ": " + e.getMessage());
                }
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the schema registry client: " + e.getMessage());
        }
    }

    private static KeyStore load(String setting, String location, String type, String password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            String what = setting.contains("truststore") ? "trust store" : "key store";
            throw new ConfigException(setting, location, "cannot load " + what + " (" + type + "): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient of Java 17 has no close(); its threads end when it is unreachable.
    }
}
