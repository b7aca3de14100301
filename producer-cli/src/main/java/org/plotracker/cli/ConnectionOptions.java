package org.plotracker.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Kafka and the schema registry are, and how long to wait for them. Shared by every command that connects. */
public final class ConnectionOptions {

    /** The embedded stack's broker, as printed by the streams app when it runs with its embedded default. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /** The embedded stack's schema registry. */
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://127.0.0.1:8081";

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: bootstrap.servers from --config, else "
                    + DEFAULT_BOOTSTRAP_SERVERS + ", the embedded stack).")
    String bootstrapServers;

    @Option(names = {"-r", "--schema-registry-url"}, paramLabel = "URL[,...]",
            description = "Schema registry URL(s) (default: schema.registry.url from --config, else "
                    + DEFAULT_SCHEMA_REGISTRY_URL + ", the embedded stack).")
    String schemaRegistryUrl;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Kafka client and registry properties, passed through as they are: SASL/TLS settings "
                    + "(security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ...), "
                    + "registry auth (basic.auth.credentials.source, basic.auth.user.info, ...). Options given on "
                    + "the command line win over the file.")
    Path config;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up on an unreachable Kafka or registry after this many seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--auto-register-schemas",
            description = "Register the event schemas in the registry if they are not there yet (the registry's "
                    + "compatibility rules still apply). Off by default: production schemas are registered by a "
                    + "release step.")
    boolean autoRegisterSchemas;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    public Path config() {
        return config;
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }
}
