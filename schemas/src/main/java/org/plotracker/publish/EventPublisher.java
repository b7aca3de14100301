package org.plotracker.publish;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.validation.EventValidator;
import org.plotracker.contracts.validation.Violation;
import org.plotracker.serde.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes contract events (clinic events, erasure requests, alerts) to their catalogue topics with an idempotent,
 * transactional producer: a batch is committed as one Kafka transaction, so {@code read_committed} consumers see all
 * of it or none of it, also when the process dies half-way.
 *
 * <ul>
 *   <li>Topic: from the event's class via {@link Topics} ({@link #topicFor(Class)}).</li>
 *   <li>Key: the event's {@code patientId} (String); value: the Avro serde (Confluent wire format); timestamp: the
 *       event's {@code recordedAt}, so that the topics carry recorded time.</li>
 *   <li>Every clinic event and erasure request is checked with the {@link EventValidator} first; an invalid batch is refused before anything is
 *       sent ({@link InvalidEventsException}, with every violation).</li>
 * </ul>
 *
 * <p>Settings are ordinary Kafka producer settings plus the serde's ({@code schema.registry.url},
 * {@code auto.register.schemas}, ...). Defaults that can be overridden: {@code transactional.id} (random
 * {@code plo-publisher-<uuid>}), {@code max.block.ms} 10000, {@code delivery.timeout.ms} 60000, {@code linger.ms} 10,
 * {@code value.serializer} {@value #DEFAULT_VALUE_SERIALIZER}. Always set: {@code enable.idempotence=true},
 * {@code acks=all}, String keys. The producer connects and initialises its transactions in the constructor, so an
 * unreachable broker fails fast ({@link PublishException.Kind#UNREACHABLE} after {@code max.block.ms}).
 *
 * <p>Not thread-safe: one batch at a time. Close it when done.
 */
public final class EventPublisher implements AutoCloseable {

    /** The project's Avro serializer (Confluent wire format), used unless {@code value.serializer} is set. */
    public static final String DEFAULT_VALUE_SERIALIZER = "org.plotracker.serde.SpecificAvroSerializer";

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final Map<Class<?>, TopicSpec<?>> ROUTES = routes();
    /** Clinic events and erasure requests are validated; alerts are produced by the tracker and pass as they are. */
    private static final List<TopicSpec<?>> VALIDATED = Topics.INPUTS;

    private final Producer<String, SpecificRecord> producer;
    private final EventValidator validator;
    private final String bootstrapServers;
    private final long maxBlockMs;
    private boolean usable = true;

    /**
     * A publisher with the configured (or default) value serializer and the default validation limits.
     *
     * @param settings Kafka producer settings plus serde settings
     * @throws PublishException when Kafka cannot be reached or the settings are wrong
     */
    public EventPublisher(Map<String, ?> settings) {
        this(settings, null, EventValidator.withDefaults());
    }

    /**
     * A publisher with an explicit value serializer (configured by the caller) and validator.
     *
     * @param settings        Kafka producer settings
     * @param valueSerializer null to use {@code value.serializer} from the settings or the default serde
     * @param validator       null to publish without validation (only for data already validated elsewhere)
     */
    @SuppressWarnings("unchecked")
    public EventPublisher(Map<String, ?> settings, Serializer<? super SpecificRecord> valueSerializer,
            EventValidator validator) {
        Map<String, Object> config = producerConfig(settings, valueSerializer == null);
        this.validator = validator;
        this.bootstrapServers = String.valueOf(config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.maxBlockMs = Long.parseLong(String.valueOf(config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)));
        Producer<String, SpecificRecord> created;
        try {
            created = valueSerializer == null
                    ? new KafkaProducer<>(config)
                    : new KafkaProducer<>(config, new StringSerializer(),
                            (Serializer<SpecificRecord>) valueSerializer);
        } catch (KafkaException e) {
            throw new PublishException(PublishException.Kind.KAFKA,
                    "Cannot create the Kafka producer: " + rootMessage(e), e);
        }
        this.producer = created;
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            closeQuietly();
            throw classify(e, "initialising transactions");
        }
        LOG.info("Event publisher ready (transactional id {}, bootstrap {})",
                config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG), bootstrapServers);
    }

    /** For tests and callers that manage their own producer: it must be transactional and not yet initialised. */
    EventPublisher(Producer<String, SpecificRecord> producer, EventValidator validator) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.validator = validator;
        this.bootstrapServers = "(provided producer)";
        this.maxBlockMs = 0;
        producer.initTransactions();
    }

    /** The catalogue topic of an event class, or an exception naming the class when it has none. */
    public static TopicSpec<?> topicFor(Class<?> eventClass) {
        TopicSpec<?> spec = ROUTES.get(eventClass);
        if (spec == null) {
            throw new IllegalArgumentException("No catalogue topic takes " + eventClass.getName()
                    + "; publishable: " + ROUTES.keySet().stream().map(Class::getSimpleName).toList());
        }
        return spec;
    }

    /** Publishes one event in its own transaction. */
    public PublishResult publish(SpecificRecord event) {
        return publishAll(List.of(event));
    }

    /** Publishes a batch in one transaction: all or nothing. */
    public PublishResult publishAll(List<? extends SpecificRecord> events) {
        return publishAll(events, (acknowledged, total) -> { });
    }

    /**
     * Publishes a batch in one transaction: all or nothing.
     *
     * @param progress told after each broker acknowledgement (called on the producer's I/O thread; keep it cheap)
     * @throws InvalidEventsException when any event breaks the contract (nothing sent)
     * @throws PublishException       when sending or committing failed (transaction aborted, nothing visible)
     */
    public PublishResult publishAll(List<? extends SpecificRecord> events, PublishProgress progress) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(progress, "progress");
        if (!usable) {
            throw new IllegalStateException("This publisher failed fatally before and is closed; create a new one");
        }
        List<ProducerRecord<String, SpecificRecord>> records = toRecords(events);
        if (records.isEmpty()) {
            return new PublishResult(0, Map.of(), Duration.ZERO);
        }
        long start = System.nanoTime();
        int total = records.size();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        Map<String, Integer> perTopic = new TreeMap<>();
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, SpecificRecord> record : records) {
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        sendFailure.compareAndSet(null, exception);
                    } else {
                        progress.acknowledged(acknowledged.incrementAndGet(), total);
                    }
                });
                perTopic.merge(record.topic(), 1, Integer::sum);
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            Exception first = sendFailure.get();
            RuntimeException cause = first instanceof RuntimeException r && !(e instanceof SerializationException)
                    ? r : e;
            abortQuietly(cause);
            throw classify(cause, "publishing " + total + " event(s)");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Committed {} event(s) in one transaction in {} ms: {}", total, elapsed.toMillis(), perTopic);
        return new PublishResult(total, perTopic, elapsed);
    }

    @Override
    public void close() {
        if (usable) {
            usable = false;
            producer.close(Duration.ofSeconds(10));
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<ProducerRecord<String, SpecificRecord>> toRecords(List<? extends SpecificRecord> events) {
        Map<Integer, List<Violation>> invalid = new LinkedHashMap<>();
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            SpecificRecord event = events.get(i);
            if (event == null) {
                invalid.put(i, List.of(new Violation("event", "is missing (null)")));
                continue;
            }
            TopicSpec<?> topic = topicFor(event.getClass());
            if (validator != null && VALIDATED.contains(topic)) {
                List<Violation> violations = validator.validate(event);
                if (!violations.isEmpty()) {
                    invalid.put(i, violations);
                    continue;
                }
            }
            records.add(new ProducerRecord<>(topic.name(), null, recordedAtMillis(event), patientId(event), event));
        }
        if (!invalid.isEmpty()) {
            throw new InvalidEventsException(invalid);
        }
        return records;
    }

    /**
     * The record timestamp: the event's {@code recordedAt} (epoch ms), so that the topic's time is recorded time
     * (docs/architecture.md); null (the producer's clock) for a record without one, e.g. an alert written by hand.
     */
    static Long recordedAtMillis(SpecificRecord event) {
        Schema.Field field = event.getSchema().getField("recordedAt");
        Object value = field == null ? null : event.get(field.pos());
        return value instanceof java.time.Instant instant ? instant.toEpochMilli() : null;
    }

    /** The record key: the event's pseudonymous patient id. */
    static String patientId(SpecificRecord event) {
        Schema.Field field = event.getSchema().getField("patientId");
        if (field == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no patientId to key it by");
        }
        Object value = event.get(field.pos());
        return value == null ? null : value.toString();
    }

    private PublishException classify(RuntimeException e, String during) {
        if (e instanceof PublishException p) {
            return p;
        }
        if (registryUnreachable(e)) {
            return new PublishException(PublishException.Kind.UNREACHABLE,
                    "Cannot reach the schema registry while " + during + ": " + rootMessage(e), e);
        }
        if (e instanceof TimeoutException || hasCause(e, TimeoutException.class)) {
            return new PublishException(PublishException.Kind.UNREACHABLE, "Cannot reach Kafka at " + bootstrapServers
                    + " while " + during + " (gave up after " + maxBlockMs + " ms): " + rootMessage(e), e);
        }
        if (hasCause(e, ProducerFencedException.class, InvalidProducerEpochException.class)) {
            usable = false;
            return new PublishException(PublishException.Kind.REJECTED, "Another producer with the same "
                    + "transactional.id took over while " + during + ": " + rootMessage(e), e);
        }
        if (hasCause(e, AuthenticationException.class, AuthorizationException.class)) {
            usable = false;
            return new PublishException(PublishException.Kind.REJECTED,
                    "Kafka refused the client while " + during + ": " + rootMessage(e), e);
        }
        if (e instanceof SerializationException || hasCause(e, SerializationException.class)) {
            return new PublishException(PublishException.Kind.SERIALIZATION,
                    "Cannot serialize an event while " + during + ": " + rootMessage(e), e);
        }
        return new PublishException(PublishException.Kind.KAFKA,
                "Kafka failed while " + during + ": " + rootMessage(e), e);
    }

    private void abortQuietly(Exception cause) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailure) {
            // A fatal producer error: the coordinator aborts the open transaction when it times out.
            cause.addSuppressed(abortFailure);
            closeQuietly();
        }
    }

    private void closeQuietly() {
        usable = false;
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException ignored) {
            // closing after a failure: nothing more to do
        }
    }

    /** A registry call that failed for want of a connection (after the registry client's own retries). */
    private static boolean registryUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException r && r.errorCode() == SchemaRegistryException.CONNECTION_FAILED) {
                return true;
            }
        }
        return hasCause(e, SerializationException.class) && hasCause(e, ConnectException.class,
                UnknownHostException.class, NoRouteToHostException.class, HttpTimeoutException.class,
                SocketTimeoutException.class);
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost non-empty message of a cause chain, on one line. */
    static String rootMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message.replaceAll("\\s+", " ").trim();
    }

    private static Map<String, Object> producerConfig(Map<String, ?> settings, boolean needsValueSerializer) {
        Objects.requireNonNull(settings, "settings");
        Map<String, Object> config = new HashMap<>(settings);
        config.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        config.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "plo-publisher-" + UUID.randomUUID());
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "plo-publisher");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (needsValueSerializer) {
            config.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, DEFAULT_VALUE_SERIALIZER);
        } else {
            config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        }
        return config;
    }

    private static Map<Class<?>, TopicSpec<?>> routes() {
        Map<Class<?>, TopicSpec<?>> routes = new LinkedHashMap<>();
        for (TopicSpec<?> spec : Topics.INPUTS) {
            routes.put(spec.valueType(), spec);
        }
        for (TopicSpec<?> spec : Topics.ALERTS) {
            routes.put(spec.valueType(), spec);
        }
        return Map.copyOf(routes);
    }

    /** Progress of a batch: called after each broker acknowledgement. */
    @FunctionalInterface
    public interface PublishProgress {
        void acknowledged(int acknowledged, int total);
    }
}
