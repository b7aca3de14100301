package org.plotracker.serde.registry.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompatibilityCheckerTest {

    /** v1: id only. */
    private static final Schema V1 = parse("""
            {"type":"record","name":"Scan","namespace":"t","fields":[
              {"name":"id","type":"string"}]}""");
    /** v2: adds a field with a default (backward and forward compatible with v1). */
    private static final Schema V2_WITH_DEFAULT = parse("""
            {"type":"record","name":"Scan","namespace":"t","fields":[
              {"name":"id","type":"string"},
              {"name":"site","type":"string","default":"LUMBAR_SPINE"}]}""");
    /** v2: adds a field without default: new readers cannot read old data (not backward). */
    private static final Schema V2_NO_DEFAULT = parse("""
            {"type":"record","name":"Scan","namespace":"t","fields":[
              {"name":"id","type":"string"},
              {"name":"bmd","type":"double"}]}""");
    /** v3 of the default chain: drops "site" again and adds "bmd" without default. */
    private static final Schema V3_DROPS_SITE_ADDS_BMD_DEFAULT = parse("""
            {"type":"record","name":"Scan","namespace":"t","fields":[
              {"name":"id","type":"string"},
              {"name":"bmd","type":"double","default":0.0}]}""");
    /** Removes "id" (required in v1): old readers cannot read new data (not forward). */
    private static final Schema WITHOUT_ID = parse("""
            {"type":"record","name":"Scan","namespace":"t","fields":[
              {"name":"note","type":"string","default":""}]}""");

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void defaultLevelIsBackwardLikeConfluent() {
        assertThat(CompatibilityLevel.DEFAULT).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void firstSchemaOfASubjectIsAlwaysCompatible(CompatibilityLevel level) {
        assertThat(CompatibilityChecker.check(level, V2_NO_DEFAULT, List.of())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void addingAFieldWithADefaultIsCompatibleAtEveryLevel(CompatibilityLevel level) {
        assertThat(CompatibilityChecker.check(level, V2_WITH_DEFAULT, List.of(V1))).isEmpty();
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(CompatibilityChecker.check(CompatibilityLevel.NONE, WITHOUT_ID, List.of(V1, V2_NO_DEFAULT)))
                .isEmpty();
    }

    @Nested
    class Backward {
        @Test
        void rejectsNewFieldWithoutDefaultAndNamesTheField() {
            List<String> messages = CompatibilityChecker.check(CompatibilityLevel.BACKWARD, V2_NO_DEFAULT, List.of(V1));
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0)).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("bmd")
                    .contains("the new schema cannot read data written with the latest schema");
        }

        @Test
        void acceptsRemovingAField() {
            // New reader ignores the written "id": backward compatible, but not forward.
            assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, WITHOUT_ID, List.of(V1))).isEmpty();
        }

        @Test
        void onlyTheLatestIsChecked() {
            // V2_NO_DEFAULT (bmd required) can read the latest's data (bmd always written) but not V1's (no bmd).
            List<Schema> earlier = List.of(V1, V3_DROPS_SITE_ADDS_BMD_DEFAULT);
            assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, V2_NO_DEFAULT, earlier)).isEmpty();
            assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, V2_NO_DEFAULT, earlier))
                    .singleElement().asString().contains("position 1").contains("bmd");
        }
    }

    @Nested
    class Forward {
        @Test
        void rejectsRemovingAFieldOldReadersNeed() {
            List<String> messages = CompatibilityChecker.check(CompatibilityLevel.FORWARD, WITHOUT_ID, List.of(V1));
            assertThat(messages).isNotEmpty();
            assertThat(messages.get(0)).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("id")
                    .contains("cannot read data written with the new schema");
        }

        @Test
        void acceptsAddingAFieldWithoutDefault() {
            // Old readers ignore the new field.
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, V2_NO_DEFAULT, List.of(V1))).isEmpty();
        }

        @Test
        void transitiveChecksEveryEarlierVersion() {
            Schema v1WithBmd = parse("""
                    {"type":"record","name":"Scan","namespace":"t","fields":[
                      {"name":"id","type":"string"},{"name":"bmd","type":"double"}]}""");
            Schema latest = V3_DROPS_SITE_ADDS_BMD_DEFAULT;
            // Candidate without bmd: the latest (bmd has a default) can read it; v1WithBmd (bmd required) cannot.
            Schema candidate = V1;
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD, candidate, List.of(v1WithBmd, latest)))
                    .isEmpty();
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FORWARD_TRANSITIVE, candidate,
                    List.of(v1WithBmd, latest))).singleElement().asString().contains("position 1").contains("bmd");
        }
    }

    @Nested
    class Full {
        @Test
        void rejectsEitherDirection() {
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, V2_NO_DEFAULT, List.of(V1)))
                    .anyMatch(m -> m.contains("the new schema cannot read"));
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, WITHOUT_ID, List.of(V1)))
                    .anyMatch(m -> m.contains("cannot read data written with the new schema"));
        }

        @Test
        void transitiveChecksEveryEarlierVersion() {
            // Candidate V2_WITH_DEFAULT is fully compatible with latest V1-like schema but not with the oldest,
            // which had a required bmd field the candidate lacks (old reader cannot read the candidate's data).
            Schema oldestWithRequiredBmd = V2_NO_DEFAULT;
            List<Schema> earlier = List.of(oldestWithRequiredBmd, V1);
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL, V2_WITH_DEFAULT, earlier)).isEmpty();
            assertThat(CompatibilityChecker.check(CompatibilityLevel.FULL_TRANSITIVE, V2_WITH_DEFAULT, earlier))
                    .isNotEmpty().allMatch(m -> m.contains("position 1"));
        }
    }

    @Test
    void typeChangeIsReportedAsTypeMismatch() {
        Schema intId = parse("""
                {"type":"record","name":"Scan","namespace":"t","fields":[{"name":"id","type":"int"}]}""");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, intId, List.of(V1)))
                .singleElement().asString().contains("TYPE_MISMATCH").contains("/fields/0/type");
    }

    @Test
    void enumSymbolRemovalWithoutDefaultIsNotBackward() {
        Schema ab = parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}");
        Schema a = parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}");
        Schema aWithDefault = parse("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"],\"default\":\"A\"}");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, a, List.of(ab)))
                .singleElement().asString().contains("MISSING_ENUM_SYMBOLS");
        assertThat(CompatibilityChecker.check(CompatibilityLevel.BACKWARD, aWithDefault, List.of(ab))).isEmpty();
    }

    @Test
    void levelFlags() {
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.checksBackward()).isTrue();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.checksForward()).isTrue();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.transitive()).isTrue();
        assertThat(CompatibilityLevel.FORWARD.checksBackward()).isFalse();
        assertThat(CompatibilityLevel.NONE.checksBackward() || CompatibilityLevel.NONE.checksForward()).isFalse();
    }

    @Test
    void parseIsCaseInsensitiveAndNamesValidLevelsOnError() {
        assertThat(CompatibilityLevel.parse(" backward_transitive ")).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIDEWAYS").hasMessageContaining("FULL_TRANSITIVE");
        assertThatThrownBy(() -> CompatibilityLevel.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
