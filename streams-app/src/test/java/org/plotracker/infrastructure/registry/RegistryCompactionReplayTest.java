package org.plotracker.infrastructure.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.infrastructure.registry.RegistryHttp.schemaRequest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.testsupport.Conditions;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The registry's state is a function of its log that Kafka's compaction cannot change: losing claims (tombstoned or
 * not), deletions and overwritten configs are compacted away, and a fresh instance replaying the compacted log answers
 * exactly as the instance that wrote it.
 */
class RegistryCompactionReplayTest {

    /** A broker whose log cleaner looks for work every 100 ms instead of every 15 s. */
    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass(
            b -> b.brokerProperty("log.cleaner.backoff.ms", "100"));

    /** Key of the records that only roll the segment; replay ignores records of an unknown kind. */
    private static final String ROLL_KEY = "{\"keytype\":\"NOOP\",\"magic\":1}";

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Scan\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Scan\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"site\",\"type\":\"string\",\"default\":\"L1\"}]}";
    private static final String V3 = "{\"type\":\"record\",\"name\":\"Scan\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"bmd\",\"type\":\"double\",\"default\":0.0}]}";

    @Test
    void aFreshInstanceReplayingTheCompactedLogAnswersTheSame() throws Exception {
        String topic = EmbeddedStackExtension.uniqueName("_schemas-compaction");
        try (Admin admin = STACK.adminClient()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.SEGMENT_MS_CONFIG, "100",
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                    TopicConfig.DELETE_RETENTION_MS_CONFIG, "0",
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0")))).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> clients = STACK.stack().broker().clientProperties();
        Map<String, String> before;
        int appended;
        try (EmbeddedSchemaRegistry writer = EmbeddedSchemaRegistry.builder(clients).topic(topic).start();
                KafkaProducer<String, String> raw = new KafkaProducer<>(STACK.producerProperties(),
                        new StringSerializer(), new StringSerializer())) {
            RegistryHttp http = new RegistryHttp(writer.url());
            ok(http.post("/subjects/a-value/versions", schemaRequest(V1)));
            ok(http.post("/subjects/a-value/versions", schemaRequest(V2)));
            ok(http.post("/subjects/b-value/versions", schemaRequest(V2)));
            ok(http.post("/subjects/b-value/versions", schemaRequest(V3)));
            // Losing claims of other (simulated) instances: one cleaned up by its writer, one left behind by a crash.
            send(raw, topic, StoreRecords.claimKey("a-value", 2, "lost-and-tombstoned"),
                    StoreRecords.claimValue("a-value", 2, 2, "\"string\""));
            send(raw, topic, StoreRecords.claimKey("a-value", 2, "lost-and-tombstoned"), null);
            send(raw, topic, StoreRecords.claimKey("b-value", 1, "lost-by-a-crashed-instance"),
                    StoreRecords.claimValue("b-value", 1, 42, "\"int\""));
            // Deletions and config changes that overwrite each other.
            ok(http.delete("/subjects/a-value/versions/1"));
            ok(http.delete("/subjects/a-value/versions/1?permanent=true"));
            ok(http.delete("/subjects/b-value/versions/1"));
            ok(http.put("/config/a-value", "{\"compatibility\":\"FULL\"}"));
            ok(http.put("/config/a-value", "{\"compatibility\":\"NONE\"}"));
            ok(http.put("/config/b-value", "{\"compatibility\":\"FORWARD\"}"));
            ok(http.delete("/config/b-value"));
            ok(http.put("/config", "{\"compatibility\":\"FULL_TRANSITIVE\"}"));
            before = answers(http);
            // Offsets are dense as written (no transactions on this topic): the next offset counts every record
            // the registry appended, even if the cleaner already removed some while the test was writing.
            appended = (int) registryRecords(topic).stream().mapToLong(ConsumerRecord::offset).max().orElseThrow() + 1;

            // Roll the segment until the cleaner has compacted all the registry's records: the cleaner never touches
            // the active segment, so they become cleanable only once a later record opened a new one. Roll records
            // are of a kind replay ignores and are left out of the count, so a fast loop cannot outgrow a slow
            // cleaner; and the wait is for "no key twice", which holds after any pass that covered them, however
            // much of the work the cleaner had already done during the writes.
            Conditions.waitUntil(() -> {
                send(raw, topic, ROLL_KEY, "{}");
                List<ConsumerRecord<String, byte[]>> records = registryRecords(topic);
                return records.stream().map(ConsumerRecord::key).distinct().count() == records.size();
            }, Duration.ofMinutes(5), "the log cleaner to compact " + topic);
        }
        int afterCompaction = registryRecords(topic).size();
        org.slf4j.LoggerFactory.getLogger(RegistryCompactionReplayTest.class)
                .info("Store topic {} had {} records before compaction, {} after", topic, appended, afterCompaction);

        try (EmbeddedSchemaRegistry reader = EmbeddedSchemaRegistry.builder(clients).topic(topic).start()) {
            RegistryHttp http = new RegistryHttp(reader.url());
            assertThat(answers(http)).isEqualTo(before);
            // Ids are never handed out twice: the next new schema gets a fresh id, not the deleted version's.
            int next = http.post("/subjects/c-value/versions", schemaRequest(
                    "{\"type\":\"record\",\"name\":\"Other\",\"fields\":[]}")).json().get("id").asInt();
            assertThat(next).isEqualTo(4);
        }
        assertThat(afterCompaction).isLessThan(appended);
    }

    private static void ok(RegistryHttp.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** Everything the registry can tell about its state. */
    private static Map<String, String> answers(RegistryHttp http) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("subjects", http.get("/subjects?deleted=true").body());
        out.put("config", http.get("/config").body());
        for (String subject : List.of("a-value", "b-value")) {
            out.put(subject + " config", http.get("/config/" + subject).body());
            String versions = http.get("/subjects/" + subject + "/versions?deleted=true").body();
            out.put(subject + " versions", versions);
            out.put(subject + " live versions", http.get("/subjects/" + subject + "/versions").body());
            for (int v = 1; v <= 3; v++) {
                out.put(subject + " v" + v, http.get("/subjects/" + subject + "/versions/" + v + "?deleted=true").body());
            }
        }
        for (int id = 1; id <= 4; id++) {
            out.put("id " + id, http.get("/schemas/ids/" + id).body());
            out.put("id " + id + " versions", http.get("/schemas/ids/" + id + "/versions?deleted=true").body());
        }
        out.put("id 42", http.get("/schemas/ids/42").body());
        return out;
    }

    private static void send(KafkaProducer<String, String> producer, String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write to " + topic, e);
        }
    }

    /** The records the registry wrote (and the test's simulated claims), leaving out the segment-rolling ones. */
    private static List<ConsumerRecord<String, byte[]>> registryRecords(String topic) {
        return STACK.consumeAll(topic, Duration.ofSeconds(10), new StringDeserializer(), new ByteArrayDeserializer())
                .stream().filter(r -> !ROLL_KEY.equals(r.key())).toList();
    }
}
