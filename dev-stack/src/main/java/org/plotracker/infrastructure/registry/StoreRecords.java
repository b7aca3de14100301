package org.plotracker.infrastructure.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keys and values of the records in the {@code _schemas} topic, as JSON. Key fields are always written in the same
 * order so that equal keys are equal bytes (compaction compares bytes).
 */
final class StoreRecords {

    static final String SCHEMA = "SCHEMA";
    static final String DELETED = "DELETED";
    static final String CONFIG = "CONFIG";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecords() {
    }

    /** Key of one claim of {@code subject}/{@code version}; {@code claim} is unique per attempt. */
    static String claimKey(String subject, int version, String claim) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", SCHEMA);
        key.put("subject", subject);
        key.put("version", version);
        key.put("claim", claim);
        key.put("magic", 1);
        return write(key);
    }

    static String claimValue(String subject, int version, int id, String schema) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", subject);
        value.put("version", version);
        value.put("id", id);
        value.put("schemaType", "AVRO");
        value.put("schema", schema);
        return write(value);
    }

    static String deletedKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", DELETED);
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return write(key);
    }

    static String deletedValue(int id, boolean permanent) {
        ObjectNode value = JSON.createObjectNode();
        value.put("id", id);
        value.put("permanent", permanent);
        return write(value);
    }

    /** Key of the config of {@code subject}, or of the global config when {@code subject} is null. */
    static String configKey(String subject) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", CONFIG);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 1);
        return write(key);
    }

    static String configValue(String level) {
        ObjectNode value = JSON.createObjectNode();
        value.put("compatibilityLevel", level);
        return write(value);
    }

    static JsonNode parse(String json) throws JsonProcessingException {
        return JSON.readTree(json);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write registry record " + node, e);
        }
    }
}
