package org.plotracker.infrastructure.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.plotracker.security.AccessPolicy;
import org.plotracker.security.Role;

/**
 * Credentials and TLS material of one start of the secured embedded stack: a throw-away CA, one server certificate
 * for the broker and the registry (127.0.0.1 and localhost), a client certificate per role, random passwords for the
 * broker's administrator, for each role's Kafka (SCRAM-SHA-512) and registry (basic auth) login, for the registry
 * service's Kafka login and for the registry's release user (the only one that may register schemas). Everything is
 * new at every start; nothing is kept but the files written under {@link #directory()} (owner-only), which let a person
 * use the running stack as one of the roles ({@code bin/plo alerts --config <dir>/care-team.properties}).
 */
public final class EmbeddedSecurity {

    /** SASL mechanism of the roles' logins. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** The broker's administrator (SASL/PLAIN, a super user): inter-broker traffic, topics, users and ACLs. */
    public static final String ADMIN_USER = org.plotracker.infrastructure.kafka.EmbeddedKafkaBroker.BROKER_ADMIN_USER;
    /** The registry user of the release step, the only one allowed to register schemas. */
    public static final String RELEASE_USER = "release";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final String storePassword;
    private final Path trustStore;
    private final Path serverKeyStore;
    private final Map<Role, Path> clientKeyStores;
    private final Path releaseKeyStore;
    private final String adminPassword;
    private final Map<Role, String> passwords;
    private final String registryServicePassword;
    private final String releasePassword;

    private EmbeddedSecurity(Path directory, String storePassword, Path trustStore, Path serverKeyStore,
            Map<Role, Path> clientKeyStores, Path releaseKeyStore, String adminPassword, Map<Role, String> passwords,
            String registryServicePassword, String releasePassword) {
        this.directory = directory;
        this.storePassword = storePassword;
        this.trustStore = trustStore;
        this.serverKeyStore = serverKeyStore;
        this.clientKeyStores = clientKeyStores;
        this.releaseKeyStore = releaseKeyStore;
        this.adminPassword = adminPassword;
        this.passwords = passwords;
        this.registryServicePassword = registryServicePassword;
        this.releasePassword = releasePassword;
    }

    /** New CA, certificates, stores and passwords, written to {@code directory} (created if missing). */
    public static EmbeddedSecurity generate(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory, e);
        }
        String storePassword = secret();
        char[] store = storePassword.toCharArray();
        ThrowawayCertificateAuthority ca = ThrowawayCertificateAuthority.create("plo-tracker embedded CA",
                Duration.ofDays(7));
        Path trustStore = ca.writeTrustStore(directory.resolve("truststore.p12"), store);
        Path serverKeyStore = ca.issueServer("plo-embedded-server", List.of("localhost"), List.of("127.0.0.1"))
                .writeKeyStore(directory.resolve("server.p12"), store);
        Map<Role, Path> clientKeyStores = new EnumMap<>(Role.class);
        Map<Role, String> passwords = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            String user = userOf(role);
            clientKeyStores.put(role, ca.issueClient(user).writeKeyStore(directory.resolve(user + ".p12"), store));
            passwords.put(role, secret());
        }
        Path releaseKeyStore = ca.issueClient(RELEASE_USER).writeKeyStore(directory.resolve("release.p12"), store);
        return new EmbeddedSecurity(directory, storePassword, trustStore, serverKeyStore, Map.copyOf(clientKeyStores),
                releaseKeyStore, secret(), Map.copyOf(passwords), secret(), secret());
    }

    /** The Kafka (and registry) user name of a role: {@code plo-clinic}, {@code plo-care-team}, ... */
    public static String userOf(Role role) {
        return AccessPolicy.defaultUserName(role);
    }

    /** Where the stores and the per-role client settings are. */
    public Path directory() {
        return directory;
    }

    public Path trustStore() {
        return trustStore;
    }

    /** PKCS12 store with the server certificate of the broker's and registry's TLS listeners. */
    public Path serverKeyStore() {
        return serverKeyStore;
    }

    /** Password of every store and key written here. */
    public String storePassword() {
        return storePassword;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The password of a role's Kafka and registry logins. */
    public String password(Role role) {
        return passwords.get(role);
    }

    /** SCRAM users to create: each role's user and the registry service's ({@link AccessPolicy#REGISTRY_USER}). */
    public Map<String, String> scramUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            users.put(userOf(role), passwords.get(role));
        }
        users.put(AccessPolicy.REGISTRY_USER, registryServicePassword);
        return users;
    }

    /** Registry basic-auth users and passwords: the four roles and the release user. */
    public Map<String, String> registryUsers() {
        Map<String, String> users = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            users.put(userOf(role), passwords.get(role));
        }
        users.put(RELEASE_USER, releasePassword);
        return users;
    }

    /** The role of a registry user, or null for the release user. */
    public static Role roleOfRegistryUser(String user) {
        for (Role role : Role.values()) {
            if (userOf(role).equals(user)) {
                return role;
            }
        }
        return null;
    }

    /** TLS settings of a Kafka client that trusts the throw-away CA (hostname verification stays on). */
    public Map<String, Object> kafkaTls() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", trustStore.toString());
        props.put("ssl.truststore.password", storePassword);
        return props;
    }

    /** Kafka client settings of a role: SASL_SSL with SCRAM-SHA-512. */
    public Map<String, Object> kafkaClient(Role role) {
        return kafkaClient(userOf(role), passwords.get(role));
    }

    /** Kafka client settings of any SCRAM user over TLS (e.g. a wrong password in a test). */
    public Map<String, Object> kafkaClient(String user, String password) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", SCRAM_MECHANISM);
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        props.putAll(kafkaTls());
        return props;
    }

    /** Kafka client settings of the registry service (its store topic {@code _schemas}). */
    public Map<String, Object> registryServiceKafkaClient() {
        return kafkaClient(AccessPolicy.REGISTRY_USER, registryServicePassword);
    }

    /** Kafka client settings of the administrator (SASL/PLAIN, a super user). */
    public Map<String, Object> adminKafkaClient() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + ADMIN_USER + "\" password=\"" + adminPassword + "\";");
        props.putAll(kafkaTls());
        return props;
    }

    /** Registry client settings of a role: basic auth, the CA as trust, its client certificate (mutual TLS). */
    public Map<String, Object> registryClient(Role role) {
        return registryClient(userOf(role), passwords.get(role), clientKeyStores.get(role));
    }

    /** Registry client settings of the release user (the only one that registers schemas). */
    public Map<String, Object> releaseRegistryClient() {
        return registryClient(RELEASE_USER, releasePassword, releaseKeyStore);
    }

    /** Registry client settings with a client certificate but these basic-auth credentials (null: none). */
    public Map<String, Object> registryClient(String user, String password, Path keyStore) {
        Map<String, Object> props = new LinkedHashMap<>();
        if (keyStore != null) {
            props.put("schema.registry.ssl.keystore.type", "PKCS12");
            props.put("schema.registry.ssl.keystore.location", keyStore.toString());
            props.put("schema.registry.ssl.keystore.password", storePassword);
        }
        if (user != null) {
            props.put("basic.auth.credentials.source", "USER_INFO");
            props.put("basic.auth.user.info", user + ":" + password);
        }
        props.put("schema.registry.ssl.truststore.type", "PKCS12");
        props.put("schema.registry.ssl.truststore.location", trustStore.toString());
        props.put("schema.registry.ssl.truststore.password", storePassword);
        return props;
    }

    /** The PKCS12 store with a role's client certificate. */
    public Path clientKeyStore(Role role) {
        return clientKeyStores.get(role);
    }

    /**
     * Kafka and registry client settings of a role, without the addresses. Schemas are registered by the release step
     * only, so {@code auto.register.schemas=false}.
     */
    public Map<String, Object> clientSettings(Role role) {
        Map<String, Object> props = new LinkedHashMap<>(kafkaClient(role));
        props.putAll(registryClient(role));
        props.put("auto.register.schemas", "false");
        return props;
    }

    /**
     * Writes {@code <role>.properties} (e.g. {@code care-team.properties}) per role into {@link #directory()},
     * owner-only: bootstrap servers, registry URL and the role's settings, usable as {@code --config} of both programs.
     */
    public void writeClientProperties(String bootstrapServers, String registryUrl) {
        for (Role role : Role.values()) {
            Properties properties = new Properties();
            properties.put("bootstrap.servers", bootstrapServers);
            properties.put("schema.registry.url", registryUrl);
            clientSettings(role).forEach((k, v) -> properties.put(k, String.valueOf(v)));
            Path file = directory.resolve(userOf(role).substring("plo-".length()) + ".properties");
            try (var out = Files.newOutputStream(file)) {
                properties.store(out, "plo-tracker secured embedded stack: " + role + " (" + role.description()
                        + "); valid while this stack runs");
                restrict(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file, e);
            }
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL applies
        }
    }

    /** A random password: 24 bytes, base64url (no ',', '=', '[' or ']', which SCRAM user set-up cannot take). */
    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
