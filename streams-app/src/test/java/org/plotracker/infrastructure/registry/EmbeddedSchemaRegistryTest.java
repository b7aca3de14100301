package org.plotracker.infrastructure.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.plotracker.infrastructure.registry.RegistryHttp.schemaRequest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.infrastructure.registry.RegistryHttp.Answer;
import org.plotracker.testsupport.EmbeddedStackExtension;

/**
 * The embedded registry's REST API against the documented Confluent Schema Registry answers (status, error_code,
 * body shape), on a real broker. Each test uses its own subjects; the class has its own stack because it changes the
 * global compatibility level.
 */
class EmbeddedSchemaRegistryTest {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    private RegistryHttp http;
    private String subject;

    @BeforeEach
    void client() {
        http = new RegistryHttp(STACK.schemaRegistryUrl());
        subject = EmbeddedStackExtension.uniqueName("plo.test") + "-value";
    }

    /** A record schema named {@code Scan} with a required "id" and the given extra fields (JSON field objects). */
    private static String scan(String... extraFields) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (String f : extraFields) {
            fields.append(',').append(f);
        }
        return "{\"type\":\"record\",\"name\":\"Scan\",\"namespace\":\"t\",\"fields\":[" + fields + "]}";
    }

    private static final String V1 = scan();
    private static final String V2 = scan("{\"name\":\"site\",\"type\":\"string\",\"default\":\"LUMBAR\"}");
    private static final String NOT_BACKWARD = scan("{\"name\":\"bmd\",\"type\":\"double\"}");

    private int register(String subjectName, String schema) {
        Answer answer = http.post("/subjects/" + subjectName + "/versions", schemaRequest(schema));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("id").asInt();
    }

    @Nested
    class Register {
        @Test
        void answersWithTheIdInConfluentShapeAndContentType() {
            Answer answer = http.post("/subjects/" + subject + "/versions", schemaRequest(V1));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            JsonNode body = answer.json();
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.get("id").isInt()).isTrue();
        }

        @Test
        void identicalSchemaGetsTheSameIdAndNoNewVersion() {
            int id = register(subject, V1);
            // Same schema, different whitespace and field order of the JSON object: same canonical form.
            String reformatted = "{ \"namespace\": \"t\", \"type\": \"record\", \"name\": \"Scan\",\n"
                    + "  \"fields\": [ {\"type\": \"string\", \"name\": \"id\"} ] }";

            assertThat(register(subject, reformatted)).isEqualTo(id);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1]");
        }

        @Test
        void sameSchemaUnderAnotherSubjectGetsTheSameIdAndItsOwnVersion1() {
            int id = register(subject, V1);
            register(subject, V2);
            String other = EmbeddedStackExtension.uniqueName("plo.other") + "-value";

            assertThat(register(other, V2)).isNotEqualTo(id);
            assertThat(register(other, V1)).isEqualTo(id);
            JsonNode latest = http.get("/subjects/" + other + "/versions/latest").json();
            assertThat(latest.get("version").asInt()).isEqualTo(2);
            assertThat(http.get("/schemas/ids/" + id + "/versions").json().toString())
                    .contains("{\"subject\":\"" + subject + "\",\"version\":1}")
                    .contains("{\"subject\":\"" + other + "\",\"version\":2}");
        }

        @Test
        void realContractSchemaRegisters() {
            int id = register(subject, DxaScanRecorded.getClassSchema().toString());
            String stored = http.get("/schemas/ids/" + id).json().get("schema").asText();
            assertThat(new Schema.Parser().parse(stored)).isEqualTo(DxaScanRecorded.getClassSchema());
        }

        @Test
        void incompatibleSchemaIs409WithDetails() {
            register(subject, V1);

            Answer answer = http.post("/subjects/" + subject + "/versions", schemaRequest(NOT_BACKWARD));

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.errorCode()).isEqualTo(409);
            assertThat(answer.message()).startsWith("Schema being registered is incompatible with an earlier schema"
                    + " for subject \"" + subject + "\"").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("bmd");
        }

        @Test
        void invalidSchemaIs422With42201() {
            Answer notAvro = http.post("/subjects/" + subject + "/versions",
                    schemaRequest("{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nope\"}]}"));
            assertThat(notAvro.status()).isEqualTo(422);
            assertThat(notAvro.errorCode()).isEqualTo(42201);
            assertThat(notAvro.message()).startsWith("Invalid schema");

            Answer badDefault = http.post("/subjects/" + subject + "/versions",
                    schemaRequest(scan("{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}")));
            assertThat(badDefault.errorCode()).isEqualTo(42201);

            Answer protobuf = http.post("/subjects/" + subject + "/versions",
                    "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
            assertThat(protobuf.status()).isEqualTo(422);
            assertThat(protobuf.errorCode()).isEqualTo(42201);

            Answer noSchema = http.post("/subjects/" + subject + "/versions", "{}");
            assertThat(noSchema.errorCode()).isEqualTo(42201);
        }

        @Test
        void unparseableBodyIs400() {
            Answer answer = http.post("/subjects/" + subject + "/versions", "{not json");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorCode()).isEqualTo(400);
        }
    }

    @Nested
    class Read {
        @Test
        void subjectsVersionsAndSchemas() {
            int id1 = register(subject, V1);
            int id2 = register(subject, V2);

            assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).contains(subject);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[1,2]");

            JsonNode v1 = http.get("/subjects/" + subject + "/versions/1").json();
            assertThat(v1.get("subject").asText()).isEqualTo(subject);
            assertThat(v1.get("version").asInt()).isEqualTo(1);
            assertThat(v1.get("id").asInt()).isEqualTo(id1);
            assertThat(new Schema.Parser().parse(v1.get("schema").asText()))
                    .isEqualTo(new Schema.Parser().parse(V1));

            JsonNode latest = http.get("/subjects/" + subject + "/versions/latest").json();
            assertThat(latest.get("version").asInt()).isEqualTo(2);
            assertThat(latest.get("id").asInt()).isEqualTo(id2);
            assertThat(http.get("/subjects/" + subject + "/versions/-1").json()).isEqualTo(latest);

            Answer raw = http.get("/subjects/" + subject + "/versions/latest/schema");
            assertThat(raw.status()).isEqualTo(200);
            assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(new Schema.Parser().parse(V2));

            assertThat(http.get("/schemas/ids/" + id2).json().get("schema").asText()).isEqualTo(latest.get("schema")
                    .asText());
            // Other tests register the same schema under their subjects: the id is shared, so look for ours.
            assertThat(http.get("/schemas/ids/" + id2 + "/subjects").json()).extracting(JsonNode::asText)
                    .contains(subject);
            assertThat(http.get("/schemas/types").json().toString()).isEqualTo("[\"AVRO\"]");
        }

        @Test
        void unknownSubjectVersionAndSchemaAnswerTheDocumentedErrors() {
            Answer noSubject = http.get("/subjects/" + subject + "/versions");
            assertThat(noSubject.status()).isEqualTo(404);
            assertThat(noSubject.errorCode()).isEqualTo(40401);
            assertThat(noSubject.message()).isEqualTo("Subject '" + subject + "' not found.");

            register(subject, V1);
            Answer noVersion = http.get("/subjects/" + subject + "/versions/7");
            assertThat(noVersion.status()).isEqualTo(404);
            assertThat(noVersion.errorCode()).isEqualTo(40402);
            assertThat(noVersion.message()).isEqualTo("Version 7 not found.");

            for (String bad : List.of("0", "abc", "-2")) {
                Answer invalid = http.get("/subjects/" + subject + "/versions/" + bad);
                assertThat(invalid.status()).as(bad).isEqualTo(422);
                assertThat(invalid.errorCode()).as(bad).isEqualTo(42202);
            }

            Answer noSchema = http.get("/schemas/ids/987654");
            assertThat(noSchema.status()).isEqualTo(404);
            assertThat(noSchema.errorCode()).isEqualTo(40403);
            assertThat(noSchema.message()).isEqualTo("Schema 987654 not found");
        }

        @Test
        void unknownPathsAndMethodsAnswerLikeJersey() {
            Answer path = http.get("/nothing/here");
            assertThat(path.status()).isEqualTo(404);
            assertThat(path.errorCode()).isEqualTo(404);
            Answer method = http.send("PATCH", "/subjects", "{}");
            assertThat(method.status()).isEqualTo(405);
            assertThat(method.errorCode()).isEqualTo(405);
        }
    }

    @Nested
    class Lookup {
        @Test
        void findsTheRegisteredVersion() {
            int id = register(subject, V1);
            register(subject, V2);

            Answer found = http.post("/subjects/" + subject, schemaRequest(V1));

            assertThat(found.status()).isEqualTo(200);
            JsonNode body = found.json();
            assertThat(body.get("subject").asText()).isEqualTo(subject);
            assertThat(body.get("version").asInt()).isEqualTo(1);
            assertThat(body.get("id").asInt()).isEqualTo(id);
            assertThat(body.has("schema")).isTrue();
        }

        @Test
        void unknownSubjectIs40401AndUnknownSchemaIs40403() {
            Answer noSubject = http.post("/subjects/" + subject, schemaRequest(V1));
            assertThat(noSubject.status()).isEqualTo(404);
            assertThat(noSubject.errorCode()).isEqualTo(40401);

            register(subject, V1);
            Answer noSchema = http.post("/subjects/" + subject, schemaRequest(V2));
            assertThat(noSchema.status()).isEqualTo(404);
            assertThat(noSchema.errorCode()).isEqualTo(40403);
            assertThat(noSchema.message()).isEqualTo("Schema not found");
        }
    }

    @Nested
    class Config {
        @Test
        void globalDefaultIsBackwardAndCanBeChanged() {
            Answer global = http.get("/config");
            assertThat(global.status()).isEqualTo(200);
            assertThat(global.json().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

            Answer put = http.put("/config", "{\"compatibility\":\"FULL\"}");
            try {
                assertThat(put.status()).isEqualTo(200);
                assertThat(put.json().toString()).isEqualTo("{\"compatibility\":\"FULL\"}");
                assertThat(http.get("/config").json().get("compatibilityLevel").asText()).isEqualTo("FULL");
            } finally {
                http.put("/config", "{\"compatibility\":\"BACKWARD\"}");
            }
        }

        @Test
        void subjectLevelOverridesGlobalAndGovernsRegistration() {
            Answer none = http.get("/config/" + subject);
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.errorCode()).isEqualTo(40408);
            assertThat(http.get("/config/" + subject + "?defaultToGlobal=true").json().get("compatibilityLevel")
                    .asText()).isEqualTo("BACKWARD");

            Answer put = http.put("/config/" + subject, "{\"compatibility\":\"forward\"}");
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.json().get("compatibility").asText()).isEqualTo("FORWARD");
            assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");

            // FORWARD accepts a new required field (old readers ignore it), which BACKWARD would reject.
            register(subject, V1);
            register(subject, NOT_BACKWARD);

            Answer removed = http.delete("/config/" + subject);
            assertThat(removed.json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            assertThat(http.get("/config/" + subject).errorCode()).isEqualTo(40408);
        }

        /** Issue 14, item 15: the README promises BACKWARD_TRANSITIVE on every subject. */
        @Test
        void aNewSubjectIsBackwardTransitiveSoAVersionMustReadEveryEarlierOne() {
            register(subject, V1);
            assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD_TRANSITIVE");
            assertThat(http.get("/config").json().get("compatibilityLevel").asText())
                    .as("the global level is left alone").isEqualTo("BACKWARD");
            register(subject, V2);
            // reads V2 data (site present) but not V1 data (site missing, no default): BACKWARD would accept it
            String siteRequired = scan("{\"name\":\"site\",\"type\":\"string\"}");
            Answer answer = http.post("/subjects/" + subject + "/versions", schemaRequest(siteRequired));
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.message()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("site");
        }

        @Test
        void aSubjectLevelSetBeforeTheFirstRegistrationIsKept() {
            http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
            register(subject, V1);
            assertThat(http.get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
        }

        @Test
        void invalidLevelIs42203() {
            Answer answer = http.put("/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.errorCode()).isEqualTo(42203);
            assertThat(answer.message()).startsWith("Invalid compatibility level");
        }
    }

    @Nested
    class Compatibility {
        @Test
        void answersIsCompatibleAndVerboseMessages() {
            register(subject, V1);

            Answer ok = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaRequest(V2));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.json().toString()).isEqualTo("{\"is_compatible\":true}");

            Answer bad = http.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true",
                    schemaRequest(NOT_BACKWARD));
            assertThat(bad.status()).isEqualTo(200);
            assertThat(bad.json().get("is_compatible").asBoolean()).isFalse();
            assertThat(bad.json().get("messages").toString()).contains("bmd");

            Answer all = http.post("/compatibility/subjects/" + subject + "/versions", schemaRequest(NOT_BACKWARD));
            assertThat(all.json().get("is_compatible").asBoolean()).isFalse();
        }

        @Test
        void unknownSubjectVersionAndBadInputAnswerTheDocumentedErrors() {
            Answer noSubject = http.post("/compatibility/subjects/" + subject + "/versions/latest", schemaRequest(V1));
            assertThat(noSubject.status()).isEqualTo(404);
            assertThat(noSubject.errorCode()).isEqualTo(40401);

            register(subject, V1);
            assertThat(http.post("/compatibility/subjects/" + subject + "/versions/5", schemaRequest(V1)).errorCode())
                    .isEqualTo(40402);
            assertThat(http.post("/compatibility/subjects/" + subject + "/versions/x", schemaRequest(V1)).errorCode())
                    .isEqualTo(42202);
            assertThat(http.post("/compatibility/subjects/" + subject + "/versions/1", schemaRequest("{bad"))
                    .errorCode()).isEqualTo(42201);
        }
    }

    @Nested
    class Delete {
        @Test
        void softThenPermanentDeleteOfAVersion() {
            int id = register(subject, V1);
            register(subject, V2);

            Answer soft = http.delete("/subjects/" + subject + "/versions/1");
            assertThat(soft.status()).isEqualTo(200);
            assertThat(soft.body()).isEqualTo("1");
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
            assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString())
                    .isEqualTo("[1,2]");
            assertThat(http.get("/subjects/" + subject + "/versions/1").errorCode()).isEqualTo(40402);
            // The id still decodes old data.
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);

            Answer again = http.delete("/subjects/" + subject + "/versions/1");
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.errorCode()).isEqualTo(40406);

            Answer notSoftFirst = http.delete("/subjects/" + subject + "/versions/2?permanent=true");
            assertThat(notSoftFirst.status()).isEqualTo(404);
            assertThat(notSoftFirst.errorCode()).isEqualTo(40407);

            Answer permanent = http.delete("/subjects/" + subject + "/versions/1?permanent=true");
            assertThat(permanent.status()).isEqualTo(200);
            assertThat(permanent.body()).isEqualTo("1");
            assertThat(http.get("/subjects/" + subject + "/versions?deleted=true").json().toString()).isEqualTo("[2]");
        }

        @Test
        void softThenPermanentDeleteOfASubject() {
            register(subject, V1);
            register(subject, V2);

            Answer notSoftFirst = http.delete("/subjects/" + subject + "?permanent=true");
            assertThat(notSoftFirst.status()).isEqualTo(404);
            assertThat(notSoftFirst.errorCode()).isEqualTo(40405);

            Answer soft = http.delete("/subjects/" + subject);
            assertThat(soft.status()).isEqualTo(200);
            assertThat(soft.json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects").json()).extracting(JsonNode::asText).doesNotContain(subject);
            assertThat(http.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).contains(subject);
            assertThat(http.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);

            Answer again = http.delete("/subjects/" + subject);
            assertThat(again.status()).isEqualTo(404);
            assertThat(again.errorCode()).isEqualTo(40404);

            Answer permanent = http.delete("/subjects/" + subject + "?permanent=true");
            assertThat(permanent.status()).isEqualTo(200);
            assertThat(permanent.json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects?deleted=true").json()).extracting(JsonNode::asText).doesNotContain(subject);
            assertThat(http.delete("/subjects/" + subject).errorCode()).isEqualTo(40401);
        }

        @Test
        void reRegisteringAfterASoftDeleteCreatesANewVersionWithTheSameId() {
            int id = register(subject, V1);
            http.delete("/subjects/" + subject);

            assertThat(register(subject, V1)).isEqualTo(id);
            assertThat(http.get("/subjects/" + subject + "/versions").json().toString()).isEqualTo("[2]");
        }
    }

    @Nested
    class Durability {
        @Test
        void idsSurviveARegistryRestart() {
            int id1 = register(subject, V1);
            int id2 = register(subject, V2);
            http.put("/config/" + subject, "{\"compatibility\":\"FULL\"}");

            try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry
                    .builder(STACK.stack().broker().clientProperties()).start()) {
                RegistryHttp fresh = new RegistryHttp(restarted.url());
                assertThat(fresh.get("/subjects/" + subject + "/versions/1").json().get("id").asInt()).isEqualTo(id1);
                assertThat(fresh.get("/schemas/ids/" + id2).json().get("schema").asText())
                        .isEqualTo(http.get("/schemas/ids/" + id2).json().get("schema").asText());
                assertThat(fresh.get("/config/" + subject).json().get("compatibilityLevel").asText()).isEqualTo("FULL");
                Answer again = fresh.post("/subjects/" + subject + "/versions", schemaRequest(V1));
                assertThat(again.json().get("id").asInt()).isEqualTo(id1);
            }
        }

        @Test
        void twoInstancesRacingOnTheSameClusterAgreeOnEveryId() throws Exception {
            http.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
            try (EmbeddedSchemaRegistry second = EmbeddedSchemaRegistry
                    .builder(STACK.stack().broker().clientProperties()).start()) {
                RegistryHttp other = new RegistryHttp(second.url());
                int schemasPerInstance = 8;
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Callable<int[]>> work = new ArrayList<>();
                    for (int i = 0; i < schemasPerInstance; i++) {
                        // Each schema is registered through BOTH instances at the same time.
                        String schema = scan("{\"name\":\"f" + i + "\",\"type\":\"int\",\"default\":0}");
                        String shared = EmbeddedStackExtension.uniqueName("plo.shared") + "-value";
                        work.add(() -> new int[] {idOf(http.post("/subjects/" + subject + "/versions",
                                schemaRequest(schema))), 0});
                        work.add(() -> new int[] {idOf(other.post("/subjects/" + subject + "/versions",
                                schemaRequest(schema))), 1});
                        work.add(() -> new int[] {idOf(other.post("/subjects/" + shared + "/versions",
                                schemaRequest(schema))), 2});
                    }
                    List<Future<int[]>> results = pool.invokeAll(work, 120, TimeUnit.SECONDS);
                    Map<Integer, Integer> idBySchemaIndex = new HashMap<>();
                    for (int i = 0; i < results.size(); i++) {
                        int schemaIndex = i / 3;
                        int id = results.get(i).get()[0];
                        Integer previous = idBySchemaIndex.putIfAbsent(schemaIndex, id);
                        assertThat(previous == null ? id : previous).as("schema f" + schemaIndex).isEqualTo(id);
                    }
                    assertThat(idBySchemaIndex.values()).doesNotHaveDuplicates().hasSize(schemasPerInstance);
                } finally {
                    pool.shutdownNow();
                }
                // Both instances answer the same for every version and id.
                JsonNode versions = http.get("/subjects/" + subject + "/versions").json();
                assertThat(versions.size()).isEqualTo(schemasPerInstance);
                assertThat(other.get("/subjects/" + subject + "/versions").json()).isEqualTo(versions);
                for (JsonNode v : versions) {
                    assertThat(other.get("/subjects/" + subject + "/versions/" + v.asInt()).json())
                            .isEqualTo(http.get("/subjects/" + subject + "/versions/" + v.asInt()).json());
                }
            }
        }

        private int idOf(Answer answer) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            return answer.json().get("id").asInt();
        }
    }
}
