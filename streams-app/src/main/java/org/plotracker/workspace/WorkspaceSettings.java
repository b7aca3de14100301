package org.plotracker.workspace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.plotracker.app.AppConfig;
import org.plotracker.app.Setting;
import org.plotracker.security.Role;

/**
 * Where the workspace listens and who may use it, from {@link AppConfig} ({@code plo.http.*}, {@code PLO_HTTP_*}).
 * Listening on anything but loopback without a credential is refused at start: a patient's record must never be one
 * unauthenticated request away on a hospital network.
 *
 * @param host           address to bind
 * @param port           port to bind (0 = any free port)
 * @param advertisedHost host other instances reach this one at (with the bound port: {@code application.server})
 * @param credentials    bearer tokens and basic-auth users, each mapped to one role; empty = loopback without login
 */
public record WorkspaceSettings(String host, int port, String advertisedHost, Credentials credentials,
                                boolean portMayMove) {

    /** The roles the workspace serves; the others (CLINIC, TRACKER) are Kafka principals and get no data here. */
    public static final List<Role> WORKSPACE_ROLES = List.of(Role.CARE_TEAM, Role.ANALYST);

    public WorkspaceSettings {
        if (!loopback(host) && credentials.isEmpty()) {
            throw new AppConfig.InvalidConfigurationException("the workspace would listen on " + host
                    + " without authentication: set " + Setting.HTTP_TOKENS.environmentVariable() + " or "
                    + Setting.HTTP_PASSWORDS.environmentVariable() + " (name:ROLE:secret), or listen on 127.0.0.1");
        }
    }

    /** Loopback only, no login, any free port: for tests. */
    public static WorkspaceSettings loopbackForTests() {
        return new WorkspaceSettings("127.0.0.1", 0, "127.0.0.1", Credentials.none(), false);
    }

    public WorkspaceSettings withCredentials(Credentials credentials) {
        return new WorkspaceSettings(host, port, advertisedHost, credentials, portMayMove);
    }

    public static WorkspaceSettings from(AppConfig config) {
        String host = config.value(Setting.HTTP_HOST.fileKey()).map(String::trim).filter(v -> !v.isEmpty())
                .orElse("127.0.0.1");
        // application.server given by hand (e.g. PLO_KAFKA_APPLICATION_SERVER in docker-compose.yml) names where the
        // other instances will look for this one: the workspace takes its port and host unless told otherwise
        Optional<String> applicationServer = config.value(APPLICATION_SERVER).map(String::trim)
                .filter(v -> !v.isEmpty());
        Optional<String> explicitPort = config.value(Setting.HTTP_PORT.fileKey()).map(String::trim)
                .filter(v -> !v.isEmpty());
        String rawPort = explicitPort.orElseGet(() -> applicationServer.map(WorkspaceSettings::portOf)
                .orElse("8080"));
        boolean portMayMove = explicitPort.isEmpty() && applicationServer.isEmpty();
        int port;
        try {
            port = Integer.parseInt(rawPort);
        } catch (NumberFormatException e) {
            throw new AppConfig.InvalidConfigurationException(Setting.HTTP_PORT.fileKey() + " ("
                    + Setting.HTTP_PORT.environmentVariable() + ") must be a port 0-65535, was '" + rawPort + "'");
        }
        if (port < 0 || port > 65535) {
            throw new AppConfig.InvalidConfigurationException(Setting.HTTP_PORT.fileKey()
                    + " must be a port 0-65535, was " + port);
        }
        String advertised = config.value(Setting.HTTP_ADVERTISED_HOST.fileKey()).map(String::trim)
                .filter(v -> !v.isEmpty()).orElseGet(() -> applicationServer
                        .map(a -> a.substring(0, a.lastIndexOf(':'))).orElseGet(() -> defaultAdvertisedHost(host)));
        Credentials credentials = Credentials.parse(
                config.value(Setting.HTTP_TOKENS.fileKey()).orElse(""), Setting.HTTP_TOKENS,
                config.value(Setting.HTTP_PASSWORDS.fileKey()).orElse(""), Setting.HTTP_PASSWORDS);
        return new WorkspaceSettings(host, port, advertised, credentials, portMayMove);
    }

    /** Kafka Streams' setting naming this instance's query endpoint. */
    public static final String APPLICATION_SERVER = "application.server";

    private static String portOf(String applicationServer) {
        int colon = applicationServer.lastIndexOf(':');
        if (colon <= 0 || colon == applicationServer.length() - 1) {
            throw new AppConfig.InvalidConfigurationException(APPLICATION_SERVER + " must be host:port, was '"
                    + applicationServer + "'");
        }
        return applicationServer.substring(colon + 1);
    }

    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    private static String defaultAdvertisedHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new AppConfig.InvalidConfigurationException("listening on " + host + " but this machine's name is"
                    + " unknown: set " + Setting.HTTP_ADVERTISED_HOST.environmentVariable());
        }
    }

    /** Who may use the workspace: bearer tokens and basic-auth users, each with one role. */
    public record Credentials(Map<String, Caller> tokens, Map<String, Entry> users) {

        public static Credentials none() {
            return new Credentials(Map.of(), Map.of());
        }

        public boolean isEmpty() {
            return tokens.isEmpty() && users.isEmpty();
        }

        /** A basic-auth user: the password to compare and the caller it authenticates as. */
        public record Entry(String password, Caller caller) {
        }

        /** Parses {@code name:ROLE:secret,...} lists; errors name the setting and the entry, never the secret. */
        public static Credentials parse(String tokens, Setting tokenSetting, String passwords,
                                        Setting passwordSetting) {
            Map<String, Caller> byToken = new LinkedHashMap<>();
            for (String[] entry : entries(tokens, tokenSetting)) {
                if (byToken.put(entry[2], new Caller(entry[0], role(entry, tokenSetting))) != null) {
                    throw new AppConfig.InvalidConfigurationException(tokenSetting.fileKey()
                            + ": two entries share one token (entry of " + entry[0] + ")");
                }
            }
            Map<String, Entry> byUser = new LinkedHashMap<>();
            for (String[] entry : entries(passwords, passwordSetting)) {
                if (byUser.put(entry[0], new Entry(entry[2], new Caller(entry[0], role(entry, passwordSetting))))
                        != null) {
                    throw new AppConfig.InvalidConfigurationException(passwordSetting.fileKey() + ": user " + entry[0]
                            + " is listed twice");
                }
            }
            return new Credentials(Map.copyOf(byToken), Map.copyOf(byUser));
        }

        private static List<String[]> entries(String list, Setting setting) {
            List<String[]> result = new ArrayList<>();
            int position = 0;
            for (String raw : list.split(",")) {
                position++;
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                String[] parts = entry.split(":", 3);
                if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
                    throw new AppConfig.InvalidConfigurationException(setting.fileKey() + " ("
                            + setting.environmentVariable() + "): entry " + position
                            + " is not name:ROLE:secret");
                }
                result.add(parts);
            }
            return result;
        }

        private static Role role(String[] entry, Setting setting) {
            Optional<Role> role = WORKSPACE_ROLES.stream().filter(r -> r.name().equals(entry[1].trim())).findFirst();
            return role.orElseThrow(() -> new AppConfig.InvalidConfigurationException(setting.fileKey() + ": "
                    + entry[0] + " has role '" + entry[1] + "'; the workspace knows " + WORKSPACE_ROLES));
        }
    }

    /** An authenticated caller: a name for the audit trail (never logged with clinical data) and one role. */
    public record Caller(String name, Role role) {
    }
}
