package org.plotracker.serde.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.serde.RandomRecords;

/**
 * Every current schema of the topic catalogue reads data written with every released version of itself
 * ({@code src/main/resources/released/<Record>/vN.avsc}), by Avro's compatibility rules AND by actually decoding
 * random data written with the old schema. A change that breaks a released version fails here.
 */
class ReleasedSchemasCompatibilityTest {

    private static final int RECORDS_PER_VERSION = 60;

    static List<TopicSpec<?>> topics() {
        return Topics.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void everyCatalogueSchemaHasAReleasedVersion(TopicSpec<?> topic) {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        assertThat(ReleasedSchemas.of(current))
                .as("released versions of %s: add %s", current.getName(),
                        ReleasedSchemas.resource(current.getName(), 1))
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void currentSchemaFollowsTheEvolutionPolicy(TopicSpec<?> topic) {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        assertThat(SchemaEvolutionPolicy.violations(current, ReleasedSchemas.of(current))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void currentClassDecodesDataWrittenWithEveryReleasedVersion(TopicSpec<?> topic) throws IOException {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        List<Schema> released = ReleasedSchemas.of(current);
        for (int i = 0; i < released.size(); i++) {
            @SuppressWarnings("unchecked")
            Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) topic.valueType();
            assertDecodes(released.get(i), type, topic.name().hashCode() + i);
        }
    }

    /**
     * The newest released version is the current schema: a contract change is released with its own {@code vN.avsc}
     * (and so checked against every earlier one above), never edited into the newest file.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    void newestReleasedVersionIsTheCurrentSchema(TopicSpec<?> topic) {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        List<Schema> released = ReleasedSchemas.of(current);
        assertThat(released.get(released.size() - 1))
                .as("add %s with the current schema", ReleasedSchemas.resource(current.getName(), released.size() + 1))
                .isEqualTo(current);
    }

    /** Events written before revisions existed read as revision 0, ENTERED; alerts as RAISED with no predecessor. */
    @Test
    void v1EventsAndAlertsReadWithTheirDefaultsForRevisionsAndStatus() throws IOException {
        for (TopicSpec<?> topic : Topics.INPUTS) {
            Schema current = SpecificData.get().getSchema(topic.valueType());
            if (current.getField("revision") == null) {
                continue; // the erasure request has no revisions
            }
            GenericRecord read = readFirstWith(ReleasedSchemas.of(current).get(0), current);
            assertThat(read.get("revision")).as(current.getName()).isEqualTo(0);
            assertThat(read.get("entryStatus").toString()).as(current.getName()).isEqualTo("ENTERED");
        }
        for (TopicSpec<?> topic : Topics.ALERTS) {
            Schema current = SpecificData.get().getSchema(topic.valueType());
            GenericRecord read = readFirstWith(ReleasedSchemas.of(current).get(0), current);
            assertThat(read.get("status").toString()).as(current.getName()).isEqualTo("RAISED");
            assertThat(read.get("revision")).isEqualTo(0);
            assertThat(read.get("originalAlertId")).isNull();
            assertThat(read.get("replacesAlertId")).isNull();
            assertThat(read.get("decidedAsOf")).isNull();
        }
    }

    private static GenericRecord readFirstWith(Schema writer, Schema reader) throws IOException {
        byte[] body = RandomRecords.encode(writer, new RandomRecords(11).generic(writer));
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null,
                DecoderFactory.get().binaryDecoder(body, null));
    }

    /** A released version whose field changed type (string → int) is caught by both checks. */
    @Test
    void aBreakingChangeIsCaught() {
        Schema released = SchemaBuilder.record("Visit").namespace("org.plotracker.test").fields()
                .requiredString("eventId").requiredString("site").endRecord();
        Schema current = SchemaBuilder.record("Visit").namespace("org.plotracker.test").fields()
                .requiredString("eventId").requiredInt("site").endRecord();
        assertThat(SchemaEvolutionPolicy.violations(current, List.of(released)))
                .singleElement().asString().contains("released v1").contains("TYPE_MISMATCH").contains("site");
        assertThatThrownBy(() -> decodeAll(released, current, 7)).isInstanceOf(Exception.class);
    }

    /**
     * Writes random records with {@code writer}, then reads each into the generated class (with Avro's resolution)
     * and checks that every field the two schemas share unchanged kept its value.
     */
    static <T extends SpecificRecord> void assertDecodes(Schema writer, Class<T> readerClass, long seed)
            throws IOException {
        Schema reader = SpecificData.get().getSchema(readerClass);
        RandomRecords random = new RandomRecords(seed);
        for (int n = 0; n < RECORDS_PER_VERSION; n++) {
            GenericRecord written = random.generic(writer);
            byte[] body = RandomRecords.encode(writer, written);

            T specific = new SpecificDatumReader<T>(writer, reader, SpecificData.getForClass(readerClass))
                    .read(null, DecoderFactory.get().binaryDecoder(body, null));
            assertThat(specific).isNotNull();

            GenericRecord read = new GenericDatumReader<GenericRecord>(writer, reader)
                    .read(null, DecoderFactory.get().binaryDecoder(body, null));
            for (Schema.Field field : writer.getFields()) {
                Schema.Field now = reader.getField(field.name());
                if (now != null && now.schema().equals(field.schema())) {
                    assertThat(read.get(field.name())).as("%s.%s", writer.getName(), field.name())
                            .isEqualTo(written.get(field.name()));
                }
            }
        }
    }

    private static void decodeAll(Schema writer, Schema reader, long seed) throws IOException {
        RandomRecords random = new RandomRecords(seed);
        for (int n = 0; n < 10; n++) {
            byte[] body = RandomRecords.encode(writer, random.generic(writer));
            new GenericDatumReader<GenericRecord>(writer, reader).read(null,
                    DecoderFactory.get().binaryDecoder(body, null));
        }
    }
}
