package org.plotracker.serde.evolution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.serde.registry.SchemaRegistryClient;

/**
 * The release step of a registry whose clients may not register (the secured stack, a managed registry): every
 * released version of each catalogue topic's value schema ({@link ReleasedSchemas#registerAll}), then the schema this
 * build writes, so that producers with {@code auto.register.schemas=false} find theirs. The build's schema differs
 * from the last released file only in documentation when it has not been released anew; registering it then adds a
 * version with the same content (the registry's compatibility rules still apply).
 */
public final class SchemaRelease {

    private SchemaRelease() {
    }

    /** Registers the released and the current schemas; returns the ids per subject, oldest first. Idempotent. */
    public static Map<String, List<Integer>> register(SchemaRegistryClient client) {
        Map<String, List<Integer>> ids = new LinkedHashMap<>(ReleasedSchemas.registerAll(client));
        for (TopicSpec<?> topic : Topics.all()) {
            int current = client.register(topic.valueSubject(), SpecificData.get().getSchema(topic.valueType()));
            List<Integer> subject = new ArrayList<>(ids.getOrDefault(topic.valueSubject(), List.of()));
            if (!subject.contains(current)) {
                subject.add(current);
            }
            ids.put(topic.valueSubject(), List.copyOf(subject));
        }
        return ids;
    }
}
