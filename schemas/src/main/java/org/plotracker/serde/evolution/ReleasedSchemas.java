package org.plotracker.serde.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.serde.registry.CompatibilityLevels;
import org.plotracker.serde.registry.SchemaRegistryClient;

/**
 * The released versions of each top-level schema, kept as files on the classpath:
 * {@code released/<RecordName>/v1.avsc}, {@code v2.avsc}, … (full, self-contained schema JSON, as the registry holds
 * it). A released version is a promise: data written with it must stay readable by every later schema
 * ({@link SchemaEvolutionPolicy}).
 */
public final class ReleasedSchemas {

    /** Classpath folder holding one sub-folder per record name. */
    public static final String ROOT = "released";

    private ReleasedSchemas() {
    }

    /** The released versions of a record (simple name, e.g. {@code DeliveryRecorded}), oldest first; may be empty. */
    public static List<Schema> of(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resource(recordName, version);
            try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                versions.add(new Schema.Parser().parse(json));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            } catch (SchemaParseException e) {
                throw new IllegalStateException("released schema " + resource + " is not valid Avro: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The released versions of the schema's record, oldest first. */
    public static List<Schema> of(Schema current) {
        return of(current.getName());
    }

    /**
     * Registers every released version of every catalogue topic's value schema under its {@code <topic>-value}
     * subject, oldest first, after setting the subject to {@code BACKWARD_TRANSITIVE}. Idempotent.
     *
     * @return schema ids per subject, oldest version first
     * @throws org.plotracker.serde.registry.SchemaRegistryException if the registry refuses (e.g. 409 because the
     *     subject already holds an incompatible schema)
     */
    public static Map<String, List<Integer>> registerAll(SchemaRegistryClient client) {
        Map<String, List<Integer>> ids = new LinkedHashMap<>();
        for (TopicSpec<?> topic : Topics.all()) {
            Schema current = SpecificData.get().getSchema(topic.valueType());
            List<Schema> released = of(current);
            if (released.isEmpty()) {
                throw new IllegalStateException("no released version of " + current.getName() + " (expected "
                        + resource(current.getName(), 1) + ")");
            }
            client.setCompatibility(topic.valueSubject(), CompatibilityLevels.BACKWARD_TRANSITIVE);
            List<Integer> subjectIds = new ArrayList<>();
            for (Schema version : released) {
                subjectIds.add(client.register(topic.valueSubject(), version));
            }
            ids.put(topic.valueSubject(), List.copyOf(subjectIds));
        }
        return ids;
    }

    /** Classpath location of one released version. */
    public static String resource(String recordName, int version) {
        return ROOT + "/" + recordName + "/v" + version + ".avsc";
    }
}
