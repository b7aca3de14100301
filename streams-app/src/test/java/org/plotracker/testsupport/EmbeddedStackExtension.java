package org.plotracker.testsupport;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.plotracker.infrastructure.EmbeddedStack;
import org.plotracker.infrastructure.kafka.TopicProvisioner;

/**
 * JUnit 5 extension giving tests a real in-JVM Kafka broker (with the catalogue's topics) and the embedded schema
 * registry, on 127.0.0.1.
 *
 * <pre>{@code
 * class MyIT {
 *     @RegisterExtension
 *     static final EmbeddedStackExtension STACK = EmbeddedStackExtension.shared();
 *
 *     @Test
 *     void something() {
 *         String topic = STACK.createTopic("my-test", 3);
 *         Map<String, Object> producer = STACK.producerProperties();
 *         ...
 *         Conditions.waitUntil(() -> ..., Duration.ofSeconds(30), "the alert to arrive");
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link #shared()}: one stack for the whole test run (kept in the root extension-context store, closed when
 *       the run ends). Fastest; tests must use their own topic names and group ids ({@link #uniqueName(String)}) or
 *       tolerate data left by other classes in the catalogue topics.</li>
 *   <li>{@link #perClass()}: a fresh stack for this test class, stopped after it; for tests that restart or break
 *       the broker, or need empty catalogue topics.</li>
 * </ul>
 * The data directory is a temporary directory deleted when the stack stops. Register the extension on a
 * {@code static} field so that it starts before all tests of the class.
 */
public final class EmbeddedStackExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedStackExtension.class);
    private static final String SHARED_KEY = "shared-embedded-stack";

    private final boolean shared;
    private final Consumer<EmbeddedStack.Builder> customizer;
    private volatile RunningStack running;

    private EmbeddedStackExtension(boolean shared, Consumer<EmbeddedStack.Builder> customizer) {
        this.shared = shared;
        this.customizer = customizer;
    }

    /** One stack for the whole test run. */
    public static EmbeddedStackExtension shared() {
        return new EmbeddedStackExtension(true, b -> { });
    }

    /** A stack of this test class's own, stopped after the class. */
    public static EmbeddedStackExtension perClass() {
        return new EmbeddedStackExtension(false, b -> { });
    }

    /** A stack of this test class's own, with settings changed by {@code customizer} (partitions, SASL users...). */
    public static EmbeddedStackExtension perClass(Consumer<EmbeddedStack.Builder> customizer) {
        return new EmbeddedStackExtension(false, Objects.requireNonNull(customizer, "customizer"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RunningStack current = running;
        if (current != null && !current.closed) {
            return; // a @Nested class of the class that started it: keep using the enclosing class's stack
        }
        if (shared) {
            running = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SHARED_KEY, key -> RunningStack.start(customizer), RunningStack.class);
        } else {
            // Stored in the class's own store: JUnit closes it when the class's tests are done.
            running = context.getStore(NAMESPACE).getOrComputeIfAbsent(
                    context.getRequiredTestClass().getName(), key -> RunningStack.start(customizer),
                    RunningStack.class);
        }
    }

    /** The running stack. */
    public EmbeddedStack stack() {
        RunningStack current = running;
        if (current == null) {
            throw new IllegalStateException("The embedded stack is not started: register EmbeddedStackExtension with"
                    + " @RegisterExtension on a static field");
        }
        return current.stack;
    }

    public String bootstrapServers() {
        return stack().bootstrapServers();
    }

    /** Base URL of the embedded schema registry (Confluent REST API), for {@code schema.registry.url}. */
    public String schemaRegistryUrl() {
        return stack().schemaRegistryUrl();
    }

    /** Bootstrap servers plus security settings, the base of every client config. */
    public Map<String, Object> clientProperties() {
        return stack().clientProperties();
    }

    /** A new Admin client; the caller closes it. */
    public Admin adminClient() {
        return Admin.create(clientProperties());
    }

    /** {@code prefix} plus a random suffix: a topic name, group id or transactional id no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a topic with replication factor 1 and returns its name. Fails if it exists. */
    public String createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
        return name;
    }

    /** Creates topics and waits until they exist. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = adminClient()) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot create topics " + topics + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Creating topics " + topics + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + topics, e);
        }
    }

    /** Producer settings: idempotent, acks=all. Add serializers (or pass them to the constructor). */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return props;
    }

    /** Producer settings for a transactional producer with this transactional id. */
    public Map<String, Object> transactionalProducerProperties(String transactionalId) {
        Map<String, Object> props = producerProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /** Consumer settings: this group, read_committed, from the earliest offset, no auto commit. */
    public Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> props = new HashMap<>(clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return props;
    }

    /**
     * Kafka Streams settings: application id, a fresh state directory, exactly_once_v2, short commit interval,
     * one replica for internal topics.
     */
    public Map<String, Object> streamsProperties(String applicationId) {
        Map<String, Object> props = new HashMap<>(clientProperties()); // fails clearly when not started
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        try {
            Path stateDir = Files.createTempDirectory("plo-streams-state-");
            running.scratchDirectories.add(stateDir);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a Kafka Streams state directory: " + e, e);
        }
        return props;
    }

    /**
     * Reads {@code topic} from the beginning (all partitions assigned, no consumer group) with a read_committed
     * consumer until at least {@code count} records arrived, and returns all records read.
     *
     * @throws AssertionError when fewer than {@code count} records arrived within {@code timeout}
     */
    public <K, V> List<ConsumerRecord<K, V>> consumeAtLeast(String topic, int count, Duration timeout,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Map<String, Object> props = consumerProperties(uniqueName("reader-" + topic));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions: no group join, no rebalance wait
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = Conditions.waitFor(() -> consumer.partitionsFor(topic),
                    p -> p != null && !p.isEmpty(), timeout, "partitions of " + topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Conditions.waitUntil(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            }, timeout, count + " records on " + topic + " (got " + records.size() + " so far)");
        }
        return records;
    }

    /**
     * Reads everything {@code topic} holds now: from the beginning up to the end offsets taken at the start (for
     * read_committed: the last stable offsets), all partitions assigned, no consumer group.
     */
    public <K, V> List<ConsumerRecord<K, V>> consumeAll(String topic, Duration timeout,
            Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Map<String, Object> props = consumerProperties(uniqueName("reader-" + topic));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = Conditions.waitFor(() -> consumer.partitionsFor(topic),
                    p -> p != null && !p.isEmpty(), timeout, "partitions of " + topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Conditions.waitUntil(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }, timeout, "reading " + topic + " up to its end offsets " + end);
        }
        return records;
    }

    /** See {@link Conditions#waitUntil}. */
    public static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String description) {
        Conditions.waitUntil(condition, timeout, description);
    }

    /** A started stack with its temporary data directory; closing stops it and deletes the directory. */
    static final class RunningStack implements AutoCloseable {
        private final EmbeddedStack stack;
        private final Path dataDir;
        private final List<Path> scratchDirectories = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean closed;

        private RunningStack(EmbeddedStack stack, Path dataDir) {
            this.stack = stack;
            this.dataDir = dataDir;
        }

        static RunningStack start(Consumer<EmbeddedStack.Builder> customizer) {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory("plo-embedded-stack-");
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create a data directory for the embedded stack: " + e, e);
            }
            // The tracker's topics by default, as the development launcher creates them; customizers may replace it.
            EmbeddedStack.Builder builder = EmbeddedStack.builder(dataDir)
                    .topics(admin -> new TopicProvisioner(admin).ensureTopics());
            customizer.accept(builder);
            return new RunningStack(builder.start(), dataDir);
        }

        @Override
        public void close() {
            closed = true;
            try {
                stack.close();
            } finally {
                deleteRecursively(dataDir);
                scratchDirectories.forEach(RunningStack::deleteRecursively);
            }
        }

        private static void deleteRecursively(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // Leftover temp files are harmless; do not fail the run for them.
                System.err.println("Could not delete " + root + ": " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStackExtension" + (running == null ? "(not started)"
                : Arrays.asList(bootstrapServers(), schemaRegistryUrl()));
    }
}
