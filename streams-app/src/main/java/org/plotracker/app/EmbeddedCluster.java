package org.plotracker.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;

/**
 * A Kafka broker and schema registry started inside this JVM for development: what {@code run} and {@code demo} use
 * when no {@code --bootstrap-servers} is given. The production jar and image carry no broker, so they find no
 * {@link Starter} and ask for a cluster; the development launcher ({@code bin/plo-tracker}, {@code ./demo}, module
 * {@code dev-tracker}) registers one through {@link ServiceLoader}.
 */
public interface EmbeddedCluster extends AutoCloseable {

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Base URL of the registry, e.g. {@code http://127.0.0.1:8081}. */
    String schemaRegistryUrl();

    String clusterId();

    /** Bootstrap servers plus any security settings clients need. */
    Map<String, Object> clientProperties();

    /**
     * Client settings of one role (bootstrap servers, registry URL, the role's Kafka and registry credentials). An
     * unsecured cluster has no principals: every role gets {@link #clientProperties()}.
     */
    default Map<String, Object> clientProperties(org.plotracker.security.Role role) {
        return clientProperties();
    }

    /** Where a secured cluster wrote each role's client settings file, or empty when it is not secured. */
    default Optional<Path> credentialsDirectory() {
        return Optional.empty();
    }

    /** Stops the registry and the broker; their data directory is kept. */
    @Override
    void close();

    /** Starts an embedded cluster; registered in {@code META-INF/services} by the development launcher. */
    interface Starter {
        /**
         * @param dataDir      broker and registry data, kept across restarts
         * @param brokerPort   client port on 127.0.0.1, 0 for any free port
         * @param registryPort HTTP port on 127.0.0.1, 0 for any free port
         * @param topics       creates the topics the tracker needs once the broker is up; returns those it created
         */
        EmbeddedCluster start(Path dataDir, int brokerPort, int registryPort, Function<Admin, List<String>> topics);

        /**
         * Starts the cluster secured (docs/security.md): TLS, one SCRAM user per role, the ACLs of
         * {@link org.plotracker.security.AccessPolicy} for this {@code application.id}, an HTTPS registry with basic
         * authentication whose schemas are registered by its own release step.
         */
        default EmbeddedCluster startSecured(Path dataDir, int brokerPort, int registryPort,
                Function<Admin, List<String>> topics, String applicationId) {
            throw new UnsupportedOperationException("This embedded cluster cannot run secured");
        }
    }

    /** The starter on the class path, if this build carries one. */
    static Optional<Starter> starter() {
        return ServiceLoader.load(Starter.class, EmbeddedCluster.class.getClassLoader()).findFirst();
    }
}
