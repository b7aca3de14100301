package org.plotracker.infrastructure.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.plotracker.serde.registry.compat.CompatibilityLevel;

/** The replay rules of the registry's log, without Kafka: the first acceptable claim in log order wins. */
class RegistryStateTest {

    private final RegistryState state = new RegistryState();

    private void apply(String key, String value) {
        try {
            JsonNode k = StoreRecords.parse(key);
            state.apply(k, value == null ? null : StoreRecords.parse(value));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void claim(String subject, int version, String claim, int id, String schema) {
        apply(StoreRecords.claimKey(subject, version, claim), StoreRecords.claimValue(subject, version, id, schema));
    }

    @Test
    void firstClaimOfAVersionWinsAndLaterClaimsAreIgnored() {
        claim("s", 1, "a", 1, "\"string\"");
        claim("s", 1, "b", 2, "\"int\"");

        assertThat(state.versions("s", false)).singleElement()
                .satisfies(v -> assertThat(v.id()).isEqualTo(1));
        assertThat(state.acceptedClaim("s", 1)).contains("a");
        assertThat(state.schemaById(2)).isEmpty();
        assertThat(state.nextId()).isEqualTo(2);
    }

    @Test
    void idsAndSchemasStayOneToOne() {
        claim("s", 1, "a", 1, "\"string\"");
        claim("t", 1, "b", 1, "\"int\"");      // id 1 is taken by another schema
        claim("u", 1, "c", 7, "\"string\"");   // this schema already has id 1
        claim("v", 1, "d", 1, "\"string\"");   // same schema, same id, another subject: fine

        assertThat(state.subjects(false)).containsExactly("s", "v");
        assertThat(state.versionsOfId(1)).extracting(RegisteredSchema::subject).containsExactly("s", "v");
    }

    @Test
    void theSameSchemaIsNotLiveTwiceInOneSubject() {
        claim("s", 1, "a", 1, "\"string\"");
        claim("s", 2, "b", 1, "\"string\"");
        assertThat(state.versions("s", true)).hasSize(1);

        apply(StoreRecords.deletedKey("s", 1), StoreRecords.deletedValue(1, false));
        claim("s", 2, "c", 1, "\"string\"");   // after a soft delete the schema may come back as a new version
        assertThat(state.versions("s", false)).extracting(RegisteredSchema::version).containsExactly(2);
    }

    @Test
    void tombstonesOfLosingClaimsChangeNothingAndOfTheWinnerRemoveIt() {
        claim("s", 1, "a", 1, "\"string\"");
        claim("s", 1, "loser", 2, "\"int\"");
        apply(StoreRecords.claimKey("s", 1, "loser"), null);
        assertThat(state.versions("s", false)).hasSize(1);

        apply(StoreRecords.claimKey("s", 1, "a"), null);
        assertThat(state.versions("s", true)).isEmpty();
        assertThat(state.schemaById(1)).isEmpty();
    }

    @Test
    void permanentDeletionBlocksTheVersionAndItsIdForever() {
        claim("s", 1, "a", 1, "\"string\"");
        apply(StoreRecords.deletedKey("s", 1), StoreRecords.deletedValue(1, false));
        apply(StoreRecords.deletedKey("s", 1), StoreRecords.deletedValue(1, true));
        apply(StoreRecords.claimKey("s", 1, "a"), null);

        claim("s", 1, "late", 1, "\"string\"");   // a late claim of the deleted version is refused
        assertThat(state.versions("s", true)).isEmpty();
        assertThat(state.nextVersion("s")).isEqualTo(2);
        assertThat(state.nextId()).isEqualTo(2);
    }

    @Test
    void configIsLastWriteWinsAndATombstoneRemovesASubjectLevel() {
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        apply(StoreRecords.configKey(null), StoreRecords.configValue("FULL"));
        apply(StoreRecords.configKey("s"), StoreRecords.configValue("NONE"));
        apply(StoreRecords.configKey("s"), StoreRecords.configValue("FORWARD"));
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(state.effectiveLevel("t")).isEqualTo(CompatibilityLevel.FULL);

        apply(StoreRecords.configKey("s"), null);
        assertThat(state.subjectLevel("s")).isEmpty();
        assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void recordsOfUnknownKindsAreIgnored() {
        apply("{\"keytype\":\"NOOP\"}", "{}");
        apply("{\"keytype\":\"MODE\",\"subject\":null}", "{\"mode\":\"READONLY\"}");
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.appliedRecords()).isEqualTo(2);
    }
}
