package org.plotracker.devtracker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.plotracker.app.EmbeddedCluster;
import org.plotracker.infrastructure.EmbeddedStack;
import org.plotracker.infrastructure.tls.EmbeddedSecurity;
import org.plotracker.security.Role;

/**
 * Gives the tracker the embedded development stack (in-JVM KRaft broker and registry) when no cluster is configured.
 * Registered in {@code META-INF/services/org.plotracker.app.EmbeddedCluster$Starter}; only the development launcher
 * jar carries it.
 */
public final class EmbeddedStackStarter implements EmbeddedCluster.Starter {

    @Override
    public EmbeddedCluster start(Path dataDir, int brokerPort, int registryPort,
                                 Function<Admin, List<String>> topics) {
        EmbeddedStack stack = EmbeddedStack.builder(dataDir)
                .brokerPort(brokerPort)
                .registryPort(registryPort)
                .topics(topics)
                .start();
        return new Started(stack);
    }

    @Override
    public EmbeddedCluster startSecured(Path dataDir, int brokerPort, int registryPort,
                                        Function<Admin, List<String>> topics, String applicationId) {
        EmbeddedStack stack = EmbeddedStack.builder(dataDir)
                .brokerPort(brokerPort)
                .registryPort(registryPort)
                .topics(topics)
                .secured(applicationId)
                .start();
        return new Started(stack);
    }

    private record Started(EmbeddedStack stack) implements EmbeddedCluster {
        @Override
        public String bootstrapServers() {
            return stack.bootstrapServers();
        }

        @Override
        public String schemaRegistryUrl() {
            return stack.schemaRegistryUrl();
        }

        @Override
        public String clusterId() {
            return stack.clusterId();
        }

        @Override
        public Map<String, Object> clientProperties() {
            return stack.clientProperties();
        }

        @Override
        public Map<String, Object> clientProperties(Role role) {
            return stack.clientProperties(role);
        }

        @Override
        public Optional<Path> credentialsDirectory() {
            return stack.security().map(EmbeddedSecurity::directory);
        }

        @Override
        public void close() {
            stack.close();
        }
    }
}
