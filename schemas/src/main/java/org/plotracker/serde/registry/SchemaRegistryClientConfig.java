package org.plotracker.serde.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of a schema registry client, read from a Kafka-style config map with Confluent's config names, so that
 * a producer/consumer/streams config written for Confluent's serde works unchanged.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th></tr>
 * <tr><td>{@value #URL}</td><td>(required) comma-separated base URLs, or {@code mock://<scope>}</td></tr>
 * <tr><td>{@value #BASIC_AUTH_CREDENTIALS_SOURCE}</td><td>none; {@code USER_INFO} or {@code URL}</td></tr>
 * <tr><td>{@value #BASIC_AUTH_USER_INFO}</td><td>{@code user:password} when the source is USER_INFO</td></tr>
 * <tr><td>{@value #BEARER_AUTH_CREDENTIALS_SOURCE}</td><td>{@code STATIC_TOKEN} when a token is given</td></tr>
 * <tr><td>{@value #BEARER_AUTH_TOKEN}</td><td>none</td></tr>
 * <tr><td>{@value #SSL_TRUSTSTORE_LOCATION} / {@value #SSL_TRUSTSTORE_PASSWORD} / {@value #SSL_TRUSTSTORE_TYPE}</td>
 *     <td>JVM default trust store / none / {@code JKS}</td></tr>
 * <tr><td>{@value #SSL_KEYSTORE_LOCATION} / {@value #SSL_KEYSTORE_PASSWORD} / {@value #SSL_KEYSTORE_TYPE} /
 *     {@value #SSL_KEY_PASSWORD}</td><td>no client certificate / none / {@code JKS} / the key store password</td></tr>
 * <tr><td>{@value #MAX_RETRIES}</td><td>3</td></tr>
 * <tr><td>{@value #RETRIES_WAIT_MS}</td><td>1000</td></tr>
 * <tr><td>{@value #RETRIES_MAX_WAIT_MS}</td><td>20000</td></tr>
 * <tr><td>{@value #CONNECT_TIMEOUT_MS} / {@value #READ_TIMEOUT_MS}</td><td>10000 / 30000</td></tr>
 * <tr><td>{@value #CACHE_CAPACITY}</td><td>1000</td></tr>
 * <tr><td>{@value #LATEST_CACHE_TTL_SEC}</td><td>60; -1 keeps the latest version until restart</td></tr>
 * </table>
 */
public final class SchemaRegistryClientConfig {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String CACHE_CAPACITY = "max.schemas.per.subject";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    private final List<String> urls;
    private final String basicUserInfo;
    private final String bearerToken;
    private final String truststoreLocation;
    private final String truststorePassword;
    private final String truststoreType;
    private final String keystoreLocation;
    private final String keystorePassword;
    private final String keystoreType;
    private final String keyPassword;
    private final int maxRetries;
    private final Duration retryWait;
    private final Duration retryMaxWait;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int cacheCapacity;
    private final Duration latestCacheTtl;

    private SchemaRegistryClientConfig(Map<String, ?> config) {
        List<String> rawUrls = parseUrls(config.get(URL));
        this.basicUserInfo = basicUserInfo(config, rawUrls);
        this.urls = rawUrls.stream().map(SchemaRegistryClientConfig::withoutUserInfo).toList();
        this.bearerToken = bearerToken(config);
        if (basicUserInfo != null && bearerToken != null) {
            throw new ConfigException("Configure either basic auth (" + BASIC_AUTH_CREDENTIALS_SOURCE + ") or a bearer "
                    + "token (" + BEARER_AUTH_TOKEN + ") for the schema registry, not both");
        }
        this.truststoreLocation = string(config, SSL_TRUSTSTORE_LOCATION, null);
        this.truststorePassword = string(config, SSL_TRUSTSTORE_PASSWORD, null);
        this.truststoreType = string(config, SSL_TRUSTSTORE_TYPE, "JKS");
        this.keystoreLocation = string(config, SSL_KEYSTORE_LOCATION, null);
        this.keystorePassword = string(config, SSL_KEYSTORE_PASSWORD, null);
        this.keystoreType = string(config, SSL_KEYSTORE_TYPE, "JKS");
        this.keyPassword = string(config, SSL_KEY_PASSWORD, keystorePassword);
        this.maxRetries = integer(config, MAX_RETRIES, 3, 0);
        this.retryWait = Duration.ofMillis(integer(config, RETRIES_WAIT_MS, 1000, 0));
        this.retryMaxWait = Duration.ofMillis(integer(config, RETRIES_MAX_WAIT_MS, 20_000, 0));
        this.connectTimeout = Duration.ofMillis(integer(config, CONNECT_TIMEOUT_MS, 10_000, 1));
        this.readTimeout = Duration.ofMillis(integer(config, READ_TIMEOUT_MS, 30_000, 1));
        this.cacheCapacity = integer(config, CACHE_CAPACITY, 1000, 1);
        int ttl = integer(config, LATEST_CACHE_TTL_SEC, 60, -1);
        this.latestCacheTtl = ttl < 0 ? null : Duration.ofSeconds(ttl);
    }

    /** Reads the registry settings from a producer/consumer/streams/serde config map. */
    public static SchemaRegistryClientConfig from(Map<String, ?> config) {
        return new SchemaRegistryClientConfig(Objects.requireNonNull(config, "config"));
    }

    /** The base URLs in failover order (user info stripped); a single {@code mock://} URL for in-memory registries. */
    public List<String> urls() {
        return urls;
    }

    public boolean isMock() {
        return MockSchemaRegistry.isMockUrl(urls.get(0));
    }

    /** {@code user:password} for basic auth, or null. */
    public String basicUserInfo() {
        return basicUserInfo;
    }

    /** Bearer token, or null. */
    public String bearerToken() {
        return bearerToken;
    }

    /** Trust store file, or null for the JVM's default trust. */
    public String truststoreLocation() {
        return truststoreLocation;
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    public String truststoreType() {
        return truststoreType;
    }

    /** Client key store for mutual TLS (the registry asks for a client certificate), or null for none. */
    public String keystoreLocation() {
        return keystoreLocation;
    }

    public String keystorePassword() {
        return keystorePassword;
    }

    public String keystoreType() {
        return keystoreType;
    }

    /** Password of the private key in the key store; the key store password when not set. */
    public String keyPassword() {
        return keyPassword;
    }

    /** Whether the client needs its own TLS context (a custom trust store or a client certificate). */
    public boolean customTls() {
        return truststoreLocation != null || keystoreLocation != null;
    }

    /** Retries after the first attempt, on 5xx answers and connection errors. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Wait before the first retry; doubled for each further retry up to {@link #retryMaxWait()}. */
    public Duration retryWait() {
        return retryWait;
    }

    public Duration retryMaxWait() {
        return retryMaxWait;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** Bound of each cache of the caching client. */
    public int cacheCapacity() {
        return cacheCapacity;
    }

    /** How long the caching client trusts a subject's latest version; null = until restart. */
    public Duration latestCacheTtl() {
        return latestCacheTtl;
    }

    private static List<String> parseUrls(Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> raw.add(String.valueOf(v)));
        } else if (value != null) {
            raw.addAll(List.of(value.toString().split(",")));
        }
        List<String> urls = raw.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw new ConfigException("Missing " + URL + ": set it to the schema registry's URL(s), e.g. "
                    + "http://localhost:8081, or mock://<scope> for tests");
        }
        if (urls.stream().anyMatch(MockSchemaRegistry::isMockUrl) && urls.size() > 1) {
            throw new ConfigException(URL + " may hold only one mock:// URL, got " + urls);
        }
        for (String url : urls) {
            if (MockSchemaRegistry.isMockUrl(url)) {
                continue;
            }
            String scheme = schemeOf(url);
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new ConfigException(URL, url, "must be an http://, https:// or mock:// URL");
            }
        }
        return urls;
    }

    private static String withoutUserInfo(String url) {
        if (MockSchemaRegistry.isMockUrl(url)) {
            return url;
        }
        URI uri = URI.create(url);
        if (uri.getRawUserInfo() == null) {
            return url;
        }
        return url.replace(uri.getRawUserInfo() + "@", "");
    }

    private static String schemeOf(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, url, "not a valid URL: " + e.getMessage());
        }
    }

    private static String basicUserInfo(Map<String, ?> config, List<String> urls) {
        String source = string(config, BASIC_AUTH_CREDENTIALS_SOURCE, null);
        if (source == null) {
            return null;
        }
        switch (source.toUpperCase(Locale.ROOT)) {
            case "USER_INFO" -> {
                String userInfo = string(config, BASIC_AUTH_USER_INFO, null);
                if (userInfo == null || !userInfo.contains(":")) {
                    throw new ConfigException(BASIC_AUTH_USER_INFO, "(hidden)",
                            "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
                }
                return userInfo;
            }
            case "URL" -> {
                String userInfo = URI.create(urls.get(0)).getRawUserInfo();
                if (userInfo == null || !userInfo.contains(":")) {
                    throw new ConfigException(URL, "(hidden)",
                            "must carry user:password@ when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=URL");
                }
                return java.net.URLDecoder.decode(userInfo, java.nio.charset.StandardCharsets.UTF_8);
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source, "supported: USER_INFO, URL");
        }
    }

    private static String bearerToken(Map<String, ?> config) {
        String source = string(config, BEARER_AUTH_CREDENTIALS_SOURCE, null);
        String token = string(config, BEARER_AUTH_TOKEN, null);
        if (source != null && !"STATIC_TOKEN".equalsIgnoreCase(source)) {
            throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE, source, "supported: STATIC_TOKEN");
        }
        if (source != null && token == null) {
            throw new ConfigException("Missing " + BEARER_AUTH_TOKEN + " (" + BEARER_AUTH_CREDENTIALS_SOURCE
                    + "=STATIC_TOKEN)");
        }
        return token;
    }

    static String string(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof org.apache.kafka.common.config.types.Password password) {
            value = password.value();
        }
        String text = value.toString().trim();
        return text.isEmpty() ? fallback : text;
    }

    static int integer(Map<String, ?> config, String key, int fallback, int min) {
        Object value = config.get(key);
        int result;
        if (value == null || value.toString().isBlank()) {
            result = fallback;
        } else if (value instanceof Number number) {
            result = number.intValue();
        } else {
            try {
                result = Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "must be an integer");
            }
        }
        if (result < min) {
            throw new ConfigException(key, value, "must be at least " + min);
        }
        return result;
    }
}
