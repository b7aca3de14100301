package org.plotracker.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.plotracker.app.AppConfig;
import org.plotracker.infrastructure.EmbeddedStack;
import org.plotracker.infrastructure.kafka.TopicProvisioner;

/**
 * Where the harness runs: the embedded stack it starts (real in-JVM KRaft broker and the embedded registry, the
 * catalogue's topics created) or a given cluster and registry, whose topics must exist. Either way the tracker gets
 * the app's own configuration ({@link AppConfig}: defaults, the {@code --config} file, {@code PLO_*} environment).
 */
final class Target implements AutoCloseable {

    private final AppConfig config;
    private final Optional<Path> configFile;
    private final Map<String, Object> clientProperties;
    private final EmbeddedStack embedded;
    private final Path workDir;
    private final boolean deleteWorkDir;

    private Target(AppConfig config, Optional<Path> configFile, Map<String, Object> clientProperties,
                   EmbeddedStack embedded, Path workDir, boolean deleteWorkDir) {
        this.config = config;
        this.configFile = configFile;
        this.clientProperties = clientProperties;
        this.embedded = embedded;
        this.workDir = workDir;
        this.deleteWorkDir = deleteWorkDir;
    }

    /**
     * Connects to the given cluster, or starts the embedded stack in {@code workDir} when {@code bootstrapServers} is
     * empty and the configuration names none either.
     */
    static Target open(Optional<Path> configFile, Optional<String> bootstrapServers, Optional<String> registryUrl,
                       int partitions, Path workDir, boolean deleteWorkDir) {
        Map<String, String> flags = new HashMap<>();
        bootstrapServers.ifPresent(b -> flags.put("bootstrap.servers", b));
        registryUrl.ifPresent(r -> flags.put("schema.registry.url", r));
        AppConfig config = AppConfig.resolve(configFile, System.getenv(), flags);
        if (!config.embedded()) {
            Map<String, Object> client = new LinkedHashMap<>(config.kafkaSettings());
            client.remove("state.dir");
            client.remove("application.id");
            return new Target(config, configFile, client, null, workDir, deleteWorkDir);
        }
        // Synthetic histories carry recordedAt years back (records are stamped with it); the harness's broker keeps every record whatever its
        // timestamp and rolls segments by size only, so no input or changelog is deleted or split by age mid-run.
        TopicProvisioner.Settings topics = TopicProvisioner.Settings.defaults().withPartitions(partitions);
        EmbeddedStack stack = EmbeddedStack.builder(workDir.resolve("stack"))
                .topics(admin -> new TopicProvisioner(admin, topics).ensureTopics())
                .brokerProperty("log.retention.ms", "-1")
                .brokerProperty("log.roll.ms", Long.toString(Long.MAX_VALUE / 4))
                .start();
        AppConfig pointed = config.withCluster(stack.bootstrapServers(), stack.schemaRegistryUrl());
        Map<String, Object> client = new LinkedHashMap<>(pointed.kafkaSettings());
        client.putAll(stack.clientProperties());
        client.remove("state.dir");
        client.remove("application.id");
        return new Target(pointed, configFile, client, stack, workDir, deleteWorkDir);
    }

    /** The app's configuration, pointed at this cluster. */
    AppConfig config() {
        return config;
    }

    /**
     * The app's configuration for one tracker instance of the harness: the same layers as {@link #config()} (defaults,
     * {@code --config}, {@code PLO_*} environment, this cluster) with {@code extra} on top (its application id, state
     * directory).
     */
    AppConfig appConfig(Map<String, String> extra) {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap.servers", config.bootstrapServers().orElseThrow());
        flags.put("schema.registry.url", registryUrl());
        flags.put(AppConfig.AUTO_REGISTER_SCHEMAS, Boolean.toString(config.autoRegisterSchemas()));
        flags.putAll(extra);
        return AppConfig.resolve(configFile, System.getenv(), flags);
    }

    /** Bootstrap servers, security and serde settings for plain clients. */
    Map<String, Object> clientProperties() {
        return new LinkedHashMap<>(clientProperties);
    }

    String registryUrl() {
        return config.schemaRegistryUrl().orElseThrow();
    }

    boolean embedded() {
        return embedded != null;
    }

    String describe() {
        return embedded != null ? "embedded stack (" + embedded.describe() + ")"
                : "cluster " + config.bootstrapServers().orElseThrow() + ", registry " + registryUrl();
    }

    /** A fresh directory for one Streams instance's state. */
    Path stateDir(String name) {
        return workDir.resolve("state").resolve(name);
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (deleteWorkDir) {
            deleteTree(workDir);
        }
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0; // a RocksDB file removed while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure " + dir, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
