package org.plotracker.infrastructure.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and checks the topics of the catalogue ({@link Topics}).
 *
 * <ul>
 *   <li>{@link #ensureTopics()} creates every missing topic (inputs, control, alerts, derived, the dead-letter topic and
 *       the embedded registry's {@code _schemas}), then verifies the whole layout, {@code _schemas} included. Existing
 *       topics are never changed. Used by the embedded default.</li>
 *   <li>{@link #verify()} only reads: against an external cluster it checks that every catalogue topic and the
 *       dead-letter topic exist, that the co-partitioned inputs have the same partition count, and that the compacted
 *       topics are compacted. {@code _schemas} is not required there: an external registry keeps its schemas where it
 *       wants (or is a managed service). It throws a {@link TopicLayoutException} listing every problem.</li>
 * </ul>
 * Layout: every topic gets {@link Settings#partitions()} partitions (default 6) except {@code _schemas}, which has one
 * partition (the registry needs one total order); compacted topics of the catalogue and {@code _schemas} get
 * {@code cleanup.policy=compact}; the dead-letter topic keeps records for {@link Settings#deadLetterRetention()}
 * (default 30 days).
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Settings settings;

    public TopicProvisioner(Admin admin, Settings settings) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public TopicProvisioner(Admin admin) {
        this(admin, Settings.defaults());
    }

    /**
     * Partitions, replication factor and dead-letter retention of the topics this provisioner creates.
     *
     * @param partitions partitions of every catalogue topic (inputs must all have the same count)
     * @param replicationFactor replication factor of created topics (1 for the embedded single-node broker)
     * @param deadLetterRetention how long the dead-letter topic keeps failed records
     */
    public record Settings(int partitions, short replicationFactor, Duration deadLetterRetention) {
        public static final int DEFAULT_PARTITIONS = 6;
        public static final Duration DEFAULT_DEAD_LETTER_RETENTION = Duration.ofDays(30);

        public Settings {
            if (partitions < 1) {
                throw new IllegalArgumentException("Topic partitions must be at least 1, was " + partitions);
            }
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("Replication factor must be at least 1, was " + replicationFactor);
            }
            Objects.requireNonNull(deadLetterRetention, "deadLetterRetention");
            if (deadLetterRetention.isNegative() || deadLetterRetention.isZero()) {
                throw new IllegalArgumentException("Dead-letter retention must be positive, was " + deadLetterRetention);
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_PARTITIONS, (short) 1, DEFAULT_DEAD_LETTER_RETENTION);
        }

        public Settings withPartitions(int newPartitions) {
            return new Settings(newPartitions, replicationFactor, deadLetterRetention);
        }

        public Settings withReplicationFactor(short newReplicationFactor) {
            return new Settings(partitions, newReplicationFactor, deadLetterRetention);
        }

        public Settings withDeadLetterRetention(Duration retention) {
            return new Settings(partitions, replicationFactor, retention);
        }
    }

    /** The topics this provisioner would create, in catalogue order. */
    public List<NewTopic> plannedTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec<?> spec : Topics.all()) {
            topics.add(new NewTopic(spec.name(), settings.partitions(), settings.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanup().configValue())));
        }
        topics.add(new NewTopic(Topics.DEAD_LETTER, settings.partitions(), settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.deadLetterRetention().toMillis()))));
        topics.add(schemasTopic(settings.replicationFactor()));
        return topics;
    }

    /** The registry's store: one partition (one total order of claims), compacted. */
    public static NewTopic schemasTopic(short replicationFactor) {
        return new NewTopic(Topics.SCHEMAS, 1, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * Creates the missing topics, then verifies the layout.
     *
     * @return names of the topics created now (empty when all existed)
     * @throws TopicLayoutException if the layout is wrong after creation (e.g. pre-existing inputs not co-partitioned)
     */
    public List<String> ensureTopics() {
        Set<String> existing = existingTopics();
        List<NewTopic> missing = plannedTopics().stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> created = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by another instance
                        throw new IllegalStateException("Cannot create topic " + result.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Creating topic " + result.getKey() + " timed out after "
                            + ADMIN_TIMEOUT_SECONDS + " s", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while creating topic " + result.getKey(), e);
                }
            }
            LOG.info("Created topics {}", created);
            awaitVisible(missing.stream().map(NewTopic::name).toList());
        }
        verify(true);
        return List.copyOf(created);
    }

    /**
     * Checks the layout of an external cluster without changing anything ({@code _schemas} not required).
     *
     * @throws TopicLayoutException listing every problem found
     */
    public void verify() {
        verify(false);
    }

    /**
     * Checks the topic layout without changing anything.
     *
     * @param includeRegistryStore whether {@code _schemas} must exist with one partition, compacted (the embedded
     *     registry's store)
     * @throws TopicLayoutException listing every problem found
     */
    public void verify(boolean includeRegistryStore) {
        List<String> names = new ArrayList<>();
        Topics.all().forEach(t -> names.add(t.name()));
        names.add(Topics.DEAD_LETTER);
        if (includeRegistryStore) {
            names.add(Topics.SCHEMAS);
        }

        Set<String> existing = existingTopics();
        List<String> problems = new ArrayList<>();
        List<String> missing = names.stream().filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            problems.add("missing topics " + missing + " (create them, or let the app create them with"
                    + " the embedded default)");
        }
        List<String> present = names.stream().filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = describe(present);

        Map<String, Integer> inputPartitions = new TreeMap<>();
        for (TopicSpec<?> input : Topics.CO_PARTITIONED) {
            TopicDescription d = descriptions.get(input.name());
            if (d != null) {
                inputPartitions.put(input.name(), d.partitions().size());
            }
        }
        if (inputPartitions.values().stream().distinct().count() > 1) {
            problems.add("input topics are not co-partitioned (all must have the same partition count, keyed by"
                    + " patient id, so one task sees all of a patient's events): " + inputPartitions);
        }
        TopicDescription schemas = descriptions.get(Topics.SCHEMAS);
        if (schemas != null && schemas.partitions().size() != 1) {
            problems.add(Topics.SCHEMAS + " has " + schemas.partitions().size()
                    + " partitions; the schema registry needs exactly 1");
        }

        List<String> mustBeCompacted = new ArrayList<>();
        Topics.all().stream().filter(TopicSpec::compacted).map(TopicSpec::name).forEach(mustBeCompacted::add);
        if (includeRegistryStore) {
            mustBeCompacted.add(Topics.SCHEMAS);
        }
        Map<String, String> policies = cleanupPolicies(mustBeCompacted.stream().filter(existing::contains).toList());
        policies.forEach((topic, policy) -> {
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                problems.add(topic + " must have cleanup.policy=compact (latest record per key) but has " + policy);
            }
        });

        if (!problems.isEmpty()) {
            throw new TopicLayoutException(problems);
        }
        LOG.debug("Topic layout verified: inputs have {} partitions", inputPartitions.values().stream().findFirst()
                .orElse(0));
    }

    /** Topic creation is acknowledged by the controller before every broker's metadata shows it: wait for that. */
    private void awaitVisible(List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ADMIN_TIMEOUT_SECONDS);
        while (!existingTopics().containsAll(names)) {
            if (System.nanoTime() > deadline) {
                List<String> invisible = new ArrayList<>(names);
                invisible.removeAll(existingTopics());
                throw new IllegalStateException("Created topics " + invisible + " are still not listed by the cluster"
                        + " after " + ADMIN_TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(50); // metadata propagation poll, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for created topics to appear", e);
            }
        }
    }

    private Set<String> existingTopics() {
        return await("list topics", admin.listTopics().names());
    }

    private Map<String, TopicDescription> describe(Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        try {
            return await("describe topics " + names, admin.describeTopics(names).allTopicNames());
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new TopicLayoutException(List.of("a topic disappeared while checking: " + e.getMessage()));
            }
            throw e;
        }
    }

    private Map<String, String> cleanupPolicies(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = await("describe configs of " + names,
                admin.describeConfigs(resources).all());
        Map<String, String> policies = new LinkedHashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            policies.put(resource.name(), entry == null ? "(unknown)" : entry.value());
        });
        return policies;
    }

    private static <T> T await(String what, KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed (" + what + "): " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call timed out after " + ADMIN_TIMEOUT_SECONDS + " s ("
                    + what + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during Kafka admin call (" + what + ")", e);
        }
    }

    /** The topic layout of a cluster does not fit plo-tracker; {@link #problems()} says what is wrong. */
    public static final class TopicLayoutException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public TopicLayoutException(List<String> problems) {
            super("Kafka topic layout does not fit plo-tracker: " + problems.stream()
                    .collect(Collectors.joining("; ")));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
