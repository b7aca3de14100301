package org.plotracker.serde.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaEvolutionPolicyTest {

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static final Schema V1 = parse("""
            {"type":"record","name":"Visit","namespace":"t","fields":[
              {"name":"id","type":"string"},
              {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["UNKNOWN","A"],"default":"UNKNOWN"}},
              {"name":"sub","type":{"type":"record","name":"Sub","fields":[{"name":"x","type":"int"}]}}
            ]}""");

    @Test
    void aConformingEvolutionHasNoViolations() {
        Schema v2 = parse("""
                {"type":"record","name":"Visit","namespace":"t","fields":[
                  {"name":"id","type":"string"},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["UNKNOWN","A","B"],"default":"UNKNOWN"}},
                  {"name":"sub","type":{"type":"record","name":"Sub","fields":[
                    {"name":"x","type":"int"},{"name":"y","type":["null","int"],"default":null}]}},
                  {"name":"note","type":"string","default":""}
                ]}""");
        assertThat(SchemaEvolutionPolicy.violations(v2, List.of(V1))).isEmpty();
        assertThat(SchemaEvolutionPolicy.violations(V1, List.of(V1))).isEmpty();
    }

    @Test
    void anEnumWithoutDefaultIsReportedWherever() {
        Schema schema = parse("""
                {"type":"record","name":"R","namespace":"t","fields":[
                  {"name":"list","type":{"type":"array","items":{"type":"enum","name":"E","symbols":["X","Y"]}}}
                ]}""");
        assertThat(SchemaEvolutionPolicy.enumsWithoutDefault(schema)).singleElement().asString()
                .contains("enum t.E has no default symbol");
    }

    @Test
    void aFieldAddedWithoutDefaultIsReportedEvenInANestedRecord() {
        Schema v2 = parse("""
                {"type":"record","name":"Visit","namespace":"t","fields":[
                  {"name":"id","type":"string"},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["UNKNOWN","A"],"default":"UNKNOWN"}},
                  {"name":"sub","type":{"type":"record","name":"Sub","fields":[{"name":"x","type":"int"},
                    {"name":"y","type":"int"}]}}
                ]}""");
        List<String> violations = SchemaEvolutionPolicy.violations(v2, List.of(V1));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("field t.Sub.y was added after released v1"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    }

    @Test
    void aRenamedFieldWithAnAliasCountsAsExisting() {
        Schema v2 = parse("""
                {"type":"record","name":"Visit","namespace":"t","fields":[
                  {"name":"visitId","type":"string","aliases":["id"]},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["UNKNOWN","A"],"default":"UNKNOWN"}},
                  {"name":"sub","type":{"type":"record","name":"Sub","fields":[{"name":"x","type":"int"}]}}
                ]}""");
        assertThat(SchemaEvolutionPolicy.violations(v2, List.of(V1))).isEmpty();
    }

    @Test
    void removingAnEnumSymbolBreaksOldData() {
        Schema v2 = parse("""
                {"type":"record","name":"Visit","namespace":"t","fields":[
                  {"name":"id","type":"string"},
                  {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["UNKNOWN"],"default":"UNKNOWN"}},
                  {"name":"sub","type":{"type":"record","name":"Sub","fields":[{"name":"x","type":"int"}]}}
                ]}""");
        // With an enum default, Avro resolves the unknown symbol A to UNKNOWN: compatible by Avro's rules.
        assertThat(SchemaEvolutionPolicy.violations(v2, List.of(V1))).isEmpty();
        Schema v2WithoutDefault = parse(v2.toString().replace(",\"default\":\"UNKNOWN\"", ""));
        assertThat(SchemaEvolutionPolicy.violations(v2WithoutDefault, List.of(V1)))
                .anySatisfy(v -> assertThat(v).contains("MISSING_ENUM_SYMBOLS"))
                .anySatisfy(v -> assertThat(v).contains("enum t.Kind has no default symbol"));
    }
}
