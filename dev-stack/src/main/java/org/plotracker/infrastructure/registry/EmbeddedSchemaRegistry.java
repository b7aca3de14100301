package org.plotracker.infrastructure.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.plotracker.contracts.Topics;
import org.plotracker.security.RegistryAccess;
import org.plotracker.security.Role;
import org.plotracker.serde.registry.compat.CompatibilityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development and test stand-in for Confluent Schema Registry: an HTTP server that implements the subset of
 * Confluent's REST API the project's serde and common tools use, with Confluent's status codes, {@code error_code}
 * values and bodies, keeping its schemas in a compacted Kafka topic ({@code _schemas}). Avro only, no schema
 * references, no contexts or modes. In production, point the apps at Confluent Schema Registry (or Apicurio's or
 * Karapace's Confluent-compatible API) instead.
 *
 * <h2>Security (optional)</h2>
 * With {@link Builder#https} it serves HTTPS only, with {@link Builder#clientTrust} it also demands a client
 * certificate issued by that trust (mutual TLS), and with {@link Builder#users} every request needs HTTP basic
 * authentication: 401 ({@code error_code} 401) without valid credentials, 403 ({@code error_code} 40301) when the
 * user's role may not do what it asks ({@link RegistryAccess}: the four roles read, only the release user changes the
 * registry).
 *
 * <h2>REST API</h2>
 * <pre>
 * POST   /subjects/{s}/versions                       {"schema": "..."}  -> {"id": 1}
 * POST   /subjects/{s}                                lookup             -> {"subject","id","version","schema"}
 * GET    /subjects[?deleted=true]                                        -> ["s1", "s2"]
 * GET    /subjects/{s}/versions[?deleted=true]                           -> [1, 2]
 * GET    /subjects/{s}/versions/{v|latest}[/schema]                      -> {"subject","id","version","schema"} | schema
 * DELETE /subjects/{s}[?permanent=true]                                  -> [1, 2]
 * DELETE /subjects/{s}/versions/{v|latest}[?permanent=true]              -> 1
 * GET    /schemas/ids/{id}  /schemas/ids/{id}/schema  /schemas/ids/{id}/versions  /schemas/ids/{id}/subjects
 * GET    /schemas/types                                                  -> ["AVRO"]
 * GET    /config                  PUT /config  {"compatibility": "FULL"}
 * GET    /config/{s}[?defaultToGlobal=true]  PUT /config/{s}  DELETE /config/{s}
 * POST   /compatibility/subjects/{s}/versions[/{v|latest}][?verbose=true] -> {"is_compatible": true}
 * </pre>
 * Errors: {@code {"error_code": 40401, "message": "Subject 'x' not found."}} with 404 (40401 subject, 40402 version,
 * 40403 schema, 40404/40406 already soft-deleted, 40405/40407 not soft-deleted before permanent delete, 40408 no
 * subject-level config), 409 incompatible, 422 (42201 invalid schema, 42202 invalid version, 42203 invalid
 * compatibility level), 500 (50001 store error, 50002 timeout). Responses are
 * {@code application/vnd.schemaregistry.v1+json}; requests may be that, {@code application/vnd.schemaregistry+json}
 * or {@code application/json}.
 *
 * <h2>Storage and id allocation</h2>
 * The topic has one partition, so its log is one total order shared by every registry instance on the cluster. The
 * state (subjects, versions, ids, configs) is a pure function of that log, rebuilt by replaying it at start; so ids
 * are stable across restarts, and instances that have read the same log agree. Record kinds (JSON keys/values):
 * <ul>
 *   <li><b>claim</b> {@code {keytype:SCHEMA, subject, version, claim:<uuid>}} &rarr; {@code {id, schema}}: an
 *       instance's proposal that {@code subject/version} is this schema with this id. Replay accepts a claim only if
 *       its subject/version is not taken yet, was never permanently deleted, the schema is not already live in the
 *       subject, and the id and schema are not bound to something else; otherwise it is ignored. So <i>the first
 *       acceptable claim in log order wins</i>.</li>
 *   <li><b>deletion</b> {@code {keytype:DELETED, subject, version}} &rarr; {@code {id, permanent}}: soft or
 *       permanent delete. Permanently deleted versions are never claimed again, and their ids are never re-used.</li>
 *   <li><b>config</b> {@code {keytype:CONFIG, subject|null}} &rarr; {@code {compatibilityLevel}} (tombstone
 *       removes a subject's level); the last one wins.</li>
 * </ul>
 * To register, an instance reads the log to its end, checks compatibility, picks the schema's existing id or
 * max id + 1 and the subject's next version, appends a claim with a fresh uuid and reads the log back past its own
 * record. If its claim was accepted it answers; if another instance's claim came first, it tombstones its own claim
 * and starts again (now seeing the winner: the same schema then gets the winner's id). Claim keys are unique, so
 * compaction never replaces a winning claim by a losing one, and compaction keeps the order of what remains; the only
 * records compaction removes are tombstoned losers (which changed nothing) and permanently deleted versions (whose
 * markers remain). Replaying a compacted log therefore reaches the same decisions.
 *
 * <p>Operations within one instance are serialized. Every answer reflects the log as read at the time of the request.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaSchemaStore store;
    private final String url;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, KafkaSchemaStore store, String url) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = url;
    }

    public static Builder builder(Map<String, Object> kafkaClientProperties) {
        return new Builder(kafkaClientProperties);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:39457}; use it as {@code schema.registry.url}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops the HTTP server and closes the Kafka clients. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        store.close();
        LOG.info("Embedded schema registry on {} stopped", url);
    }

    /** Settings of the embedded registry. */
    public static final class Builder {
        private final Map<String, Object> clientProperties;
        private String host = "127.0.0.1";
        private int port;
        private String topic = Topics.SCHEMAS;
        private short replicationFactor = 1;
        private Duration timeout = Duration.ofSeconds(30);
        private javax.net.ssl.SSLContext tls;
        private boolean needClientCertificate;
        private Map<String, String> users = Map.of();
        private java.util.function.Function<String, Role> roleOf = user -> null;

        private Builder(Map<String, Object> clientProperties) {
            this.clientProperties = new HashMap<>(Objects.requireNonNull(clientProperties, "clientProperties"));
        }

        /** Address to bind; 127.0.0.1 by default (the registry has no authentication). */
        public Builder host(String bindHost) {
            this.host = Objects.requireNonNull(bindHost, "host");
            return this;
        }

        /** HTTP port; 0 (default) picks a free one. */
        public Builder port(int httpPort) {
            if (httpPort < 0 || httpPort > 65_535) {
                throw new IllegalArgumentException("Port must be 0 (pick a free one) or 1-65535, was " + httpPort);
            }
            this.port = httpPort;
            return this;
        }

        /** The store topic ({@code _schemas} by default); created with one partition, compacted, if missing. */
        public Builder topic(String storeTopic) {
            this.topic = Objects.requireNonNull(storeTopic, "topic");
            return this;
        }

        public Builder replicationFactor(short factor) {
            this.replicationFactor = factor;
            return this;
        }

        /** Serves HTTPS only, with the key and certificate of this PKCS12 store. */
        public Builder https(java.nio.file.Path keyStore, String password) {
            this.tls = TlsContexts.server(keyStore, password, null);
            return this;
        }

        /**
         * Demands a client certificate issued by a CA of this PKCS12 trust store (mutual TLS); needs {@link #https}.
         */
        public Builder clientTrust(java.nio.file.Path keyStore, String keyStorePassword, java.nio.file.Path trustStore,
                String trustStorePassword) {
            this.tls = TlsContexts.server(keyStore, keyStorePassword,
                    TlsContexts.trustManagers(trustStore, trustStorePassword));
            this.needClientCertificate = true;
            return this;
        }

        /**
         * Requires HTTP basic authentication with one of these users (name to password). {@code roleOf} gives each
         * user's role; a user without one (null) is the release step, which may also change the registry.
         */
        public Builder users(Map<String, String> passwords, java.util.function.Function<String, Role> roles) {
            this.users = Map.copyOf(passwords);
            this.roleOf = Objects.requireNonNull(roles, "roles");
            return this;
        }

        /** Time limit of Kafka reads and writes behind one request. */
        public Builder timeout(Duration limit) {
            this.timeout = Objects.requireNonNull(limit, "timeout");
            return this;
        }

        /** Ensures the store topic, replays it, then starts serving HTTP. */
        public EmbeddedSchemaRegistry start() {
            long began = System.nanoTime();
            // The JDK server writes headers and body separately; without TCP_NODELAY every answer waits ~40 ms for
            // the client's delayed ACK. Read once when the JDK server classes load; an explicit setting wins.
            if (System.getProperty(NODELAY_PROPERTY) == null) {
                System.setProperty(NODELAY_PROPERTY, "true");
            }
            ensureTopic();
            KafkaSchemaStore store = new KafkaSchemaStore(clientProperties, topic, timeout);
            HttpServer server = null;
            ExecutorService executor = null;
            try {
                store.catchUp();
                if (tls == null) {
                    server = HttpServer.create(new InetSocketAddress(host, port), 50);
                } else {
                    HttpsServer secure = HttpsServer.create(new InetSocketAddress(host, port), 50);
                    boolean needClientAuth = needClientCertificate;
                    secure.setHttpsConfigurator(new HttpsConfigurator(tls) {
                        @Override
                        public void configure(HttpsParameters params) {
                            javax.net.ssl.SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                            parameters.setNeedClientAuth(needClientAuth);
                            params.setSSLParameters(parameters);
                        }
                    });
                    server = secure;
                }
                AtomicInteger threads = new AtomicInteger();
                executor = Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "schema-registry-http-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                server.setExecutor(executor);
                server.createContext("/", new RegistryHandler(store, new Gate(users, roleOf))::handle);
                server.start();
            } catch (IOException | RuntimeException e) {
                if (server != null) {
                    server.stop(0);
                }
                if (executor != null) {
                    executor.shutdownNow();
                }
                store.close();
                throw new IllegalStateException("Cannot start the embedded schema registry on " + host + ":" + port
                        + ": " + e.getMessage(), e);
            }
            String url = (tls == null ? "http" : "https") + "://" + host + ":" + server.getAddress().getPort();
            LOG.info("Embedded schema registry listening on {} (store topic {}, {}, ready in {} ms)", url, topic,
                    users.isEmpty() ? "no authentication" : "basic authentication, " + users.size() + " users",
                    Duration.ofNanos(System.nanoTime() - began).toMillis());
            return new EmbeddedSchemaRegistry(server, executor, store, url);
        }

        private void ensureTopic() {
            try (Admin admin = Admin.create(clientProperties)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, replicationFactor).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create the registry's store topic " + topic + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    try {
                        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                        if (description.partitions().size() != 1) {
                            throw new IllegalStateException("The registry's store topic " + topic + " has "
                                    + description.partitions().size() + " partitions; it needs exactly 1 (one order"
                                    + " of claims). Recreate it with one partition.");
                        }
                        return;
                    } catch (ExecutionException e) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("Cannot describe the registry's store topic " + topic
                                    + ": " + e.getCause().getMessage(), e.getCause());
                        }
                        Thread.sleep(50); // a just-created topic may not be in the broker's metadata yet
                    }
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + timeout.toMillis() + " ms while"
                        + " preparing the registry's store topic " + topic, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while preparing the registry's store topic", e);
            }
        }
    }

    /** HTTP basic authentication and the registry access rule; lets everything through when it has no users. */
    private record Gate(Map<String, String> users, java.util.function.Function<String, Role> roleOf) {

        /** Null when the request may go on, else the refusal. */
        Response refusal(HttpExchange exchange) {
            if (users.isEmpty()) {
                return null;
            }
            String user = authenticatedUser(exchange.getRequestHeaders().getFirst("Authorization"));
            if (user == null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"plo-tracker schema registry\"");
                LOG.warn("Registry request {} {} refused: no valid credentials", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath());
                return RegistryHandler.error(401, 401, "Unauthorized: this registry requires HTTP basic"
                        + " authentication (basic.auth.credentials.source=USER_INFO, basic.auth.user.info=user:password)");
            }
            Role role = roleOf.apply(user);
            RegistryAccess.Operation operation = RegistryAccess.operationOf(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath());
            if (!RegistryAccess.allows(role, operation)) {
                LOG.warn("Registry request {} {} refused: user '{}' ({}) may not {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), user, role, operation);
                return RegistryHandler.error(403, 40301, "User '" + user + "' (" + role + ") is denied "
                        + operation + " on the registry: only the release step registers schemas or changes"
                        + " configuration");
            }
            return null;
        }

        private String authenticatedUser(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String user = decoded.substring(0, colon);
            String expected = users.get(user);
            byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            // Compare in constant time, and compare something even for an unknown user.
            boolean match = java.security.MessageDigest.isEqual(given,
                    (expected == null ? "\u0000unknown" : expected).getBytes(StandardCharsets.UTF_8));
            return match && expected != null ? user : null;
        }
    }

    /** Routes requests to the store and renders Confluent-shaped answers. */
    private static final class RegistryHandler {
        private final KafkaSchemaStore store;
        private final Gate gate;

        RegistryHandler(KafkaSchemaStore store, Gate gate) {
            this.store = store;
            this.gate = gate;
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Response response;
                try {
                    Response refused = gate.refusal(exchange);
                    response = refused != null ? refused : route(exchange);
                } catch (RegistryException e) {
                    response = error(e.httpStatus(), e.errorCode(), e.getMessage());
                    if (e.httpStatus() >= 500) {
                        LOG.warn("Registry request {} {} failed: {}", exchange.getRequestMethod(),
                                exchange.getRequestURI(), e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.error("Registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                    response = error(500, 50001, "Error in the backend data store - " + e);
                }
                byte[] body = response.body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(response.status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }

        private Response route(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            List<String> path = segments(exchange.getRequestURI().getRawPath());
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean deleted = flag(query, "deleted");
            boolean permanent = flag(query, "permanent");
            int n = path.size();
            String first = n > 0 ? path.get(0) : "";

            if (n == 0) {
                return "GET".equals(method) ? ok("{}") : methodNotAllowed();
            }
            switch (first) {
                case "subjects" -> {
                    if (n == 1) {
                        return "GET".equals(method) ? ok(json(store.subjects(deleted))) : methodNotAllowed();
                    }
                    String subject = path.get(1);
                    if (n == 2) {
                        return switch (method) {
                            case "POST" -> {
                                RegisteredSchema found = store.lookup(subject, schemaOf(readBody(exchange)), deleted);
                                yield ok(versionJson(found));
                            }
                            case "DELETE" -> ok(json(store.deleteSubject(subject, permanent)));
                            default -> methodNotAllowed();
                        };
                    }
                    if (!"versions".equals(path.get(2))) {
                        return notFound();
                    }
                    if (n == 3) {
                        return switch (method) {
                            case "GET" -> ok(json(store.versions(subject, deleted).stream()
                                    .map(RegisteredSchema::version).toList()));
                            case "POST" -> {
                                RegisteredSchema registered = store.register(subject, schemaOf(readBody(exchange)));
                                ObjectNode body = JSON.createObjectNode();
                                body.put("id", registered.id());
                                yield ok(body.toString());
                            }
                            default -> methodNotAllowed();
                        };
                    }
                    String version = path.get(3);
                    if (n == 4) {
                        return switch (method) {
                            case "GET" -> ok(versionJson(store.version(subject, version, deleted)));
                            case "DELETE" -> ok(Integer.toString(store.deleteVersion(subject, version, permanent)));
                            default -> methodNotAllowed();
                        };
                    }
                    if (n == 5 && "schema".equals(path.get(4))) {
                        return "GET".equals(method) ? ok(store.version(subject, version, deleted).schema())
                                : methodNotAllowed();
                    }
                    return notFound();
                }
                case "schemas" -> {
                    if (n == 2 && "types".equals(path.get(1))) {
                        return "GET".equals(method) ? ok("[\"AVRO\"]") : methodNotAllowed();
                    }
                    if (n < 3 || !"ids".equals(path.get(1))) {
                        return notFound();
                    }
                    if (!"GET".equals(method)) {
                        return methodNotAllowed();
                    }
                    int id;
                    try {
                        id = Integer.parseInt(path.get(2));
                    } catch (NumberFormatException e) {
                        return notFound();
                    }
                    if (n == 3) {
                        ObjectNode body = JSON.createObjectNode();
                        body.put("schema", store.schemaById(id));
                        return ok(body.toString());
                    }
                    if (n == 4) {
                        return switch (path.get(3)) {
                            case "schema" -> ok(store.schemaById(id));
                            case "versions" -> {
                                ArrayNode body = JSON.createArrayNode();
                                store.versionsOfId(id).stream().filter(v -> deleted || !v.deleted()).forEach(v ->
                                        body.addObject().put("subject", v.subject()).put("version", v.version()));
                                yield ok(body.toString());
                            }
                            case "subjects" -> ok(json(store.versionsOfId(id).stream()
                                    .filter(v -> deleted || !v.deleted()).map(RegisteredSchema::subject).distinct()
                                    .toList()));
                            default -> notFound();
                        };
                    }
                    return notFound();
                }
                case "config" -> {
                    String subject = n >= 2 ? path.get(1) : null;
                    if (n > 2) {
                        return notFound();
                    }
                    return switch (method) {
                        case "GET" -> {
                            CompatibilityLevel level = subject == null ? store.globalLevel()
                                    : store.subjectLevel(subject, flag(query, "defaultToGlobal"));
                            yield ok(levelJson("compatibilityLevel", level));
                        }
                        case "PUT" -> {
                            JsonNode body = readBody(exchange);
                            CompatibilityLevel level = levelOf(body);
                            store.setLevel(subject, level);
                            yield ok(levelJson("compatibility", level));
                        }
                        case "DELETE" -> subject == null ? methodNotAllowed()
                                : ok(levelJson("compatibilityLevel", store.deleteSubjectLevel(subject)));
                        default -> methodNotAllowed();
                    };
                }
                case "compatibility" -> {
                    if ((n != 4 && n != 5) || !"subjects".equals(path.get(1)) || !"versions".equals(path.get(3))) {
                        return notFound();
                    }
                    if (!"POST".equals(method)) {
                        return methodNotAllowed();
                    }
                    String subject = path.get(2);
                    String version = n == 5 ? path.get(4) : null;
                    List<String> messages = store.checkCompatibility(subject, version,
                            schemaOf(readBody(exchange)));
                    ObjectNode body = JSON.createObjectNode();
                    body.put("is_compatible", messages.isEmpty());
                    if (flag(query, "verbose")) {
                        ArrayNode list = body.putArray("messages");
                        messages.forEach(list::add);
                    }
                    return ok(body.toString());
                }
                default -> {
                    return notFound();
                }
            }
        }

        private static JsonNode readBody(HttpExchange exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null && !contentType.isBlank() && !contentType.toLowerCase().contains("json")
                    && !contentType.toLowerCase().startsWith("application/octet-stream")) {
                throw new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: " + contentType);
            }
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length == 0) {
                    throw new RegistryException(422, 422, "Unprocessable entity: the request body is empty");
                }
                return JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new RegistryException(400, 400, "Unrecognized request body, not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new RegistryException(400, 400, "Cannot read the request body: " + e.getMessage());
            }
        }

        /** The schema text of a registration / lookup / compatibility request. */
        private static String schemaOf(JsonNode body) {
            if (!body.isObject()) {
                throw new RegistryException(422, 422, "Unprocessable entity: the request body must be a JSON object"
                        + " with a \"schema\" field");
            }
            JsonNode type = body.get("schemaType");
            if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
                throw RegistryException.invalidSchema("of type " + type.asText()
                        + ": this embedded registry supports AVRO only");
            }
            JsonNode references = body.get("references");
            if (references != null && references.isArray() && !references.isEmpty()) {
                throw RegistryException.invalidSchema("with references " + references
                        + ": this embedded registry does not support schema references");
            }
            JsonNode schema = body.get("schema");
            if (schema == null || schema.isNull() || !schema.isTextual()) {
                throw RegistryException.invalidSchema("(empty): the request has no \"schema\" string field");
            }
            return schema.asText();
        }

        private static CompatibilityLevel levelOf(JsonNode body) {
            JsonNode level = body.path("compatibility");
            if (!level.isTextual()) {
                throw RegistryException.invalidCompatibilityLevel();
            }
            try {
                return CompatibilityLevel.parse(level.asText());
            } catch (IllegalArgumentException e) {
                throw RegistryException.invalidCompatibilityLevel();
            }
        }

        private static String versionJson(RegisteredSchema v) {
            ObjectNode body = JSON.createObjectNode();
            body.put("subject", v.subject());
            body.put("version", v.version());
            body.put("id", v.id());
            body.put("schema", v.schema());
            return body.toString();
        }

        private static String levelJson(String field, CompatibilityLevel level) {
            ObjectNode body = JSON.createObjectNode();
            body.put(field, level.name());
            return body.toString();
        }

        private static String json(Object value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot render " + value, e);
            }
        }

        private static List<String> segments(String rawPath) {
            List<String> out = new ArrayList<>();
            for (String part : rawPath.split("/")) {
                if (!part.isEmpty()) {
                    out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        private static Map<String, String> query(String rawQuery) {
            Map<String, String> out = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return out;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(key, value);
            }
            return out;
        }

        private static boolean flag(Map<String, String> query, String name) {
            return "true".equalsIgnoreCase(query.get(name));
        }

        private static Response ok(String body) {
            return new Response(200, body);
        }

        private static Response notFound() {
            return error(404, 404, "HTTP 404 Not Found");
        }

        private static Response methodNotAllowed() {
            return error(405, 405, "HTTP 405 Method Not Allowed");
        }

        private static Response error(int status, int code, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("error_code", code);
            body.put("message", message);
            return new Response(status, body.toString());
        }
    }

    private record Response(int status, String body) {
    }
}
