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
    }

    /** The starter on the class path, if this build carries one. */
    static Optional<Starter> starter() {
        return ServiceLoader.load(Starter.class, EmbeddedCluster.class.getClassLoader()).findFirst();
    }
}
