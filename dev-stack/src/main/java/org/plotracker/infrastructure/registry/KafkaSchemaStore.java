package org.plotracker.infrastructure.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.plotracker.serde.registry.compat.CompatibilityChecker;
import org.plotracker.serde.registry.compat.CompatibilityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations on top of its Kafka log. Every operation first reads the log to its current end (so it
 * sees what other instances wrote), every write is read back before the operation answers. All operations are
 * serialized by this object's lock: the embedded registry is a development and test tool, not a high-throughput
 * server.
 */
final class KafkaSchemaStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final int MAX_CLAIM_ATTEMPTS = 10;

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final RegistryState state = new RegistryState();
    private final Map<Integer, Schema> parsedById = new ConcurrentHashMap<>();

    KafkaSchemaStore(Map<String, Object> clientProperties, String topic, Duration timeout) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        String clientId = "plo-schema-registry-" + UUID.randomUUID().toString().substring(0, 8);

        Map<String, Object> producerProps = new HashMap<>(clientProperties);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> consumerProps = new HashMap<>(clientProperties);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Read-your-write waits on the next fetch: do not let an idle fetch sit on the broker for the default 500 ms.
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        created.assign(List.of(partition));
        created.seekToBeginning(List.of(partition));
        this.consumer = created;
    }

    // ---- log ----------------------------------------------------------------------------------------------------

    /** Reads the log up to its current end. */
    synchronized void catchUp() {
        long end;
        try {
            end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        } catch (KafkaException e) {
            throw RegistryException.timeout("cannot read the end of " + topic + ": " + e.getMessage(), e);
        }
        readUntil(end);
    }

    /** Applies records until the consumer's position is at least {@code offset}. */
    private void readUntil(long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < offset) {
            if (System.nanoTime() > deadline) {
                throw RegistryException.timeout("reading " + topic + " up to offset " + offset + " took longer than "
                        + timeout.toMillis() + " ms", null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                apply(record);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        try {
            JsonNode key = StoreRecords.parse(new String(record.key(), StandardCharsets.UTF_8));
            JsonNode value = record.value() == null ? null
                    : StoreRecords.parse(new String(record.value(), StandardCharsets.UTF_8));
            state.apply(key, value);
        } catch (JsonProcessingException e) {
            LOG.warn("Skipping unreadable record at {}-{} offset {}: {}", record.topic(), record.partition(),
                    record.offset(), e.getOriginalMessage());
        }
    }

    /** Appends a record, then reads the log past it, so the state includes it (and everything before it). */
    private void appendAndReadBack(String key, String value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        RecordMetadata written;
        try {
            written = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RegistryException.storeError("cannot write to " + topic + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw RegistryException.timeout("writing to " + topic + " took longer than " + timeout.toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while writing to " + topic, e);
        }
        readUntil(written.offset() + 1);
    }

    // ---- schemas ------------------------------------------------------------------------------------------------

    /**
     * The level a subject is given at its first registration when it has none of its own: a new version must read
     * data written with every earlier version, not only the latest, so a consumer can replay a topic's whole history.
     */
    static final CompatibilityLevel NEW_SUBJECT_LEVEL = CompatibilityLevel.BACKWARD_TRANSITIVE;

    /**
     * Registers {@code schemaText} under {@code subject}, or returns the id it already has there. The first
     * registration of a subject without a level of its own records {@link #NEW_SUBJECT_LEVEL} as its level.
     *
     * @return the registered version (with its global id)
     */
    synchronized RegisteredSchema register(String subject, String schemaText) {
        Schema parsed = parse(schemaText);
        String canonical = parsed.toString();
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            catchUp();
            Optional<RegisteredSchema> existing = liveVersionWithSchema(subject, canonical);
            if (existing.isPresent()) {
                return existing.get();
            }
            if (state.versions(subject, true).isEmpty() && state.subjectLevel(subject).isEmpty()) {
                // A new subject gets its own level, as the project's contract promises every subject
                // (README, schemas/README.md); PUT /config/{subject} before the first version keeps another.
                appendAndReadBack(StoreRecords.configKey(subject), StoreRecords.configValue(NEW_SUBJECT_LEVEL.name()));
                LOG.info("Compatibility level of new subject {} set to {}", subject, NEW_SUBJECT_LEVEL);
            }
            List<RegisteredSchema> live = state.versions(subject, false);
            CompatibilityLevel level = state.effectiveLevel(subject);
            List<String> problems = CompatibilityChecker.check(level, parsed, parsedSchemas(live));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, problems);
            }
            int id = state.idBySchema(canonical).orElseGet(state::nextId);
            int version = state.nextVersion(subject);
            String claim = UUID.randomUUID().toString();
            appendAndReadBack(StoreRecords.claimKey(subject, version, claim),
                    StoreRecords.claimValue(subject, version, id, canonical));
            if (state.acceptedClaim(subject, version).filter(claim::equals).isPresent()) {
                LOG.info("Registered schema id {} as {} version {}", id, subject, version);
                return new RegisteredSchema(subject, version, id, canonical, false);
            }
            // Another instance's claim came first in the log: drop ours and decide again with its claim known.
            LOG.info("Claim for {} version {} (id {}) lost to another registry instance; retrying", subject, version,
                    id);
            appendAndReadBack(StoreRecords.claimKey(subject, version, claim), null);
        }
        throw RegistryException.storeError("could not register a schema under subject '" + subject + "' after "
                + MAX_CLAIM_ATTEMPTS + " attempts: other registry instances kept claiming the same version", null);
    }

    /** Finds {@code schemaText} among the subject's versions (POST /subjects/{subject}). */
    synchronized RegisteredSchema lookup(String subject, String schemaText, boolean includeDeleted) {
        Schema parsed = parse(schemaText);
        catchUp();
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        String canonical = parsed.toString();
        // Newest first: with deleted versions included, the same schema may appear more than once.
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).schema().equals(canonical)) {
                return versions.get(i);
            }
        }
        throw RegistryException.schemaNotFound();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        catchUp();
        return state.subjects(includeDeleted);
    }

    synchronized List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        catchUp();
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    /** One version; {@code versionSpec} is "latest", "-1" or a version number. */
    synchronized RegisteredSchema version(String subject, String versionSpec, boolean includeDeleted) {
        int requested = parseVersion(versionSpec);
        catchUp();
        return find(subject, requested, includeDeleted);
    }

    private RegisteredSchema find(String subject, int requested, boolean includeDeleted) {
        List<RegisteredSchema> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        if (requested == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == requested).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(requested));
    }

    synchronized String schemaById(int id) {
        catchUp();
        return state.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    synchronized List<RegisteredSchema> versionsOfId(int id) {
        catchUp();
        if (state.schemaById(id).isEmpty()) {
            throw RegistryException.schemaNotFound(id);
        }
        return state.versionsOfId(id);
    }

    // ---- compatibility and config -------------------------------------------------------------------------------

    /**
     * Checks {@code schemaText} against one version of the subject ({@code versionSpec}), or against all its versions
     * when {@code versionSpec} is null, at the subject's level.
     */
    synchronized List<String> checkCompatibility(String subject, String versionSpec, String schemaText) {
        Integer requested = versionSpec == null ? null : parseVersion(versionSpec);
        Schema parsed = parse(schemaText);
        catchUp();
        List<RegisteredSchema> against;
        if (requested == null) {
            against = state.versions(subject, false);
        } else {
            against = List.of(find(subject, requested, false));
        }
        return CompatibilityChecker.check(state.effectiveLevel(subject), parsed, parsedSchemas(against));
    }

    synchronized CompatibilityLevel globalLevel() {
        catchUp();
        return state.globalLevel();
    }

    /** The subject's own level; with {@code defaultToGlobal} the global level when it has none. */
    synchronized CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        catchUp();
        Optional<CompatibilityLevel> own = state.subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return state.globalLevel();
        }
        throw RegistryException.subjectLevelCompatibilityNotConfigured(subject);
    }

    /** Sets the level of {@code subject}, or the global level when {@code subject} is null. */
    synchronized void setLevel(String subject, CompatibilityLevel level) {
        catchUp();
        appendAndReadBack(StoreRecords.configKey(subject), StoreRecords.configValue(level.name()));
        LOG.info("Compatibility level of {} set to {}", subject == null ? "the registry" : subject, level);
    }

    /** Removes the subject's own level; returns the level it had. */
    synchronized CompatibilityLevel deleteSubjectLevel(String subject) {
        CompatibilityLevel previous = subjectLevel(subject, false);
        appendAndReadBack(StoreRecords.configKey(subject), null);
        return previous;
    }

    // ---- deletion -----------------------------------------------------------------------------------------------

    /** Deletes every version of a subject (soft, or permanent after a soft delete); returns the version numbers. */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        catchUp();
        List<RegisteredSchema> all = state.versions(subject, true);
        if (all.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<Integer> deleted = new ArrayList<>();
        if (permanent) {
            if (all.stream().anyMatch(v -> !v.deleted())) {
                throw RegistryException.subjectNotSoftDeleted(subject);
            }
            for (RegisteredSchema v : all) {
                deletePermanently(v);
                deleted.add(v.version());
            }
        } else {
            if (all.stream().allMatch(RegisteredSchema::deleted)) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            for (RegisteredSchema v : all) {
                if (!v.deleted()) {
                    appendAndReadBack(StoreRecords.deletedKey(subject, v.version()),
                            StoreRecords.deletedValue(v.id(), false));
                    deleted.add(v.version());
                }
            }
        }
        LOG.info("Deleted subject {} versions {}{}", subject, deleted, permanent ? " permanently" : "");
        return deleted;
    }

    /** Deletes one version (soft, or permanent after a soft delete); returns its number. */
    synchronized int deleteVersion(String subject, String versionSpec, boolean permanent) {
        int requested = parseVersion(versionSpec);
        catchUp();
        if (state.versions(subject, true).isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        RegisteredSchema target;
        if (permanent) {
            target = find(subject, requested, true);
            if (!target.deleted()) {
                throw RegistryException.versionNotSoftDeleted(subject, target.version());
            }
            deletePermanently(target);
        } else {
            RegisteredSchema any = find(subject, requested, true);
            if (any.deleted() && requested != -1) {
                throw RegistryException.versionSoftDeleted(subject, any.version());
            }
            target = find(subject, requested, false);
            appendAndReadBack(StoreRecords.deletedKey(subject, target.version()),
                    StoreRecords.deletedValue(target.id(), false));
        }
        LOG.info("Deleted {} version {}{}", subject, target.version(), permanent ? " permanently" : "");
        return target.version();
    }

    private void deletePermanently(RegisteredSchema version) {
        Optional<String> claim = state.acceptedClaim(version.subject(), version.version());
        appendAndReadBack(StoreRecords.deletedKey(version.subject(), version.version()),
                StoreRecords.deletedValue(version.id(), true));
        claim.ifPresent(c -> appendAndReadBack(StoreRecords.claimKey(version.subject(), version.version(), c), null));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Optional<RegisteredSchema> liveVersionWithSchema(String subject, String canonical) {
        return state.versions(subject, false).stream().filter(v -> v.schema().equals(canonical)).findFirst();
    }

    private List<Schema> parsedSchemas(List<RegisteredSchema> versions) {
        List<Schema> schemas = new ArrayList<>(versions.size());
        for (RegisteredSchema v : versions) {
            schemas.add(parsedById.computeIfAbsent(v.id(), id -> new Schema.Parser().parse(v.schema())));
        }
        return schemas;
    }

    /** Parses an Avro schema, or fails with 42201 naming Avro's complaint. */
    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("(empty): the request has no schema");
        }
        try {
            return new Schema.Parser().setValidateDefaults(true).parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
            throw RegistryException.invalidSchema(schemaText + ", details: " + e.getMessage(), e);
        }
    }

    /** "latest" and "-1" mean the latest version (-1 returned); otherwise 1..2^31-1. */
    static int parseVersion(String spec) {
        if ("latest".equals(spec) || "-1".equals(spec)) {
            return -1;
        }
        try {
            int version = Integer.parseInt(spec);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the registry's own error
        }
        throw RegistryException.invalidVersion(spec);
    }

    @Override
    public synchronized void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
