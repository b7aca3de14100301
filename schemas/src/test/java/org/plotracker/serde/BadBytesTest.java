package org.plotracker.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.serde.AvroDeserializationException.Problem;
import org.plotracker.serde.registry.MockSchemaRegistry;

/** Every kind of bad bytes gives a SerializationException that names topic and problem; never an NPE or Avro error. */
class BadBytesTest {

    private static final String SCOPE = "bad-bytes-test";
    private static final String TOPIC = Topics.DELIVERY.name();

    private SpecificAvroSerde<DeliveryRecorded> serde;
    private byte[] valid;

    @BeforeEach
    void setUp() {
        serde = AvroSerdes.valueSerde(Topics.DELIVERY, AvroSerdeConfig.mockRegistry(SCOPE));
        valid = serde.serializer().serialize(TOPIC, new RandomRecords(11).specific(DeliveryRecorded.class));
    }

    @AfterEach
    void tearDown() {
        serde.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private AvroDeserializationException failureOf(byte[] bytes) {
        AvroDeserializationException failure = catchThrowableOfType(AvroDeserializationException.class,
                () -> serde.deserializer().deserialize(TOPIC, bytes));
        assertThat(failure).as("deserializing %s", Arrays.toString(bytes)).isNotNull()
                .isInstanceOf(SerializationException.class);
        assertThat(failure.getMessage()).contains("value of topic '" + TOPIC + "'");
        assertThat(failure.topic()).isEqualTo(TOPIC);
        return failure;
    }

    @Test
    void emptyValue() {
        AvroDeserializationException failure = failureOf(new byte[0]);
        assertThat(failure.problem()).isEqualTo(Problem.TOO_SHORT);
        assertThat(failure.getMessage()).contains("0 byte(s)");
    }

    @Test
    void shorterThanTheHeader() {
        assertThat(failureOf(new byte[] {0, 0, 0}).problem()).isEqualTo(Problem.TOO_SHORT);
    }

    @Test
    void wrongMagicByte() {
        byte[] json = "{\"eventId\":\"e1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AvroDeserializationException failure = failureOf(json);
        assertThat(failure.problem()).isEqualTo(Problem.WRONG_MAGIC_BYTE);
        assertThat(failure.getMessage()).contains("0x7b").contains("looks like JSON");
        assertThat(failure.schemaId()).isNull();
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = valid.clone();
        ByteBuffer.wrap(bytes).putInt(1, 4242);
        AvroDeserializationException failure = failureOf(bytes);
        assertThat(failure.problem()).isEqualTo(Problem.UNKNOWN_SCHEMA_ID);
        assertThat(failure.schemaId()).isEqualTo(4242);
        assertThat(failure.getMessage()).contains("schema id 4242");
    }

    @Test
    void truncatedBody() {
        AvroDeserializationException failure = failureOf(Arrays.copyOf(valid, valid.length - 3));
        assertThat(failure.problem()).isEqualTo(Problem.TRUNCATED_BODY);
        assertThat(failure.getMessage()).contains("DeliveryRecorded");
    }

    @Test
    void headerOnly() {
        AvroDeserializationException failure = failureOf(Arrays.copyOf(valid, ConfluentWireFormat.HEADER_LENGTH));
        assertThat(failure.problem()).isEqualTo(Problem.TRUNCATED_BODY);
    }

    @Test
    void bytesLeftOver() {
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);
        assertThat(failureOf(longer).problem()).isEqualTo(Problem.CORRUPT_BODY);
    }

    @Test
    void garbageBody() {
        byte[] bytes = Arrays.copyOf(valid, valid.length);
        // eventId's length as a zig-zag varint: 0x01 = -1, a negative string length.
        bytes[ConfluentWireFormat.HEADER_LENGTH] = 0x01;
        AvroDeserializationException failure = failureOf(bytes);
        assertThat(failure.problem()).isIn(Problem.CORRUPT_BODY, Problem.TRUNCATED_BODY);
    }

    @Test
    void hugeLengthDoesNotAllocateOrCrash() {
        byte[] bytes = Arrays.copyOf(valid, ConfluentWireFormat.HEADER_LENGTH + 5);
        // A varint string length of about 2^31 followed by nothing.
        bytes[5] = (byte) 0xfe;
        bytes[6] = (byte) 0xff;
        bytes[7] = (byte) 0xff;
        bytes[8] = (byte) 0xff;
        bytes[9] = (byte) 0x0f;
        assertThat(failureOf(bytes).problem()).isIn(Problem.CORRUPT_BODY, Problem.TRUNCATED_BODY);
    }

    @Test
    void writerSchemaNotResolvableToTheReaderClass() {
        try (var fractures = AvroSerdes.valueSerde(Topics.FRACTURE, AvroSerdeConfig.mockRegistry(SCOPE))) {
            // A fracture event that ended up on the delivery topic (e.g. a misconfigured producer).
            byte[] fracture = fractures.serializer().serialize(Topics.FRACTURE.name(),
                    new RandomRecords(12).specific(FractureDiagnosed.class));
            AvroDeserializationException failure = failureOf(fracture);
            assertThat(failure.problem()).isEqualTo(Problem.SCHEMA_NOT_RESOLVABLE);
            assertThat(failure.getMessage()).contains("FractureDiagnosed").contains("DeliveryRecorded");
            assertThat(failureOf(fracture).getMessage()).as("the remembered verdict").isEqualTo(failure.getMessage());
        }
    }

    @Test
    void registryUnreachableIsReportedAsSuch() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort,
                "max.retries", 0);
        try (var unreachable = AvroSerdes.valueSerde(Topics.DXA_SCAN, config)) {
            AvroDeserializationException failure = catchThrowableOfType(AvroDeserializationException.class,
                    () -> unreachable.deserializer().deserialize(Topics.DXA_SCAN.name(), valid));
            assertThat(failure.problem()).isEqualTo(Problem.REGISTRY_UNAVAILABLE);
            assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort);
        }
    }

    @Test
    void deadLetterReasonCarriesPartitionAndOffset() {
        AvroDeserializationException failure = failureOf(new byte[] {1, 2, 3, 4, 5, 6});
        assertThat(failure.describeAt(3, 42L))
                .startsWith("Cannot deserialize value of topic '" + TOPIC + "' partition 3 offset 42")
                .contains("WRONG_MAGIC_BYTE");
        RuntimeException wrapped = new RuntimeException("wrapper", failure);
        assertThat(AvroDeserializationException.describe(wrapped, TOPIC, 3, 42L))
                .isEqualTo(failure.describeAt(3, 42L));
        assertThat(AvroDeserializationException.describe(new IllegalStateException("boom"), TOPIC, 1, 7L))
                .isEqualTo("Cannot deserialize record of topic '" + TOPIC + "' partition 1 offset 7: "
                        + "IllegalStateException: boom");
    }

    @Test
    void keyFailuresSayKey() {
        try (var keys = AvroSerdes.forClass(DxaScanRecorded.class, AvroSerdeConfig.mockRegistry(SCOPE), true)) {
            AvroDeserializationException failure = catchThrowableOfType(AvroDeserializationException.class,
                    () -> keys.deserializer().deserialize("k", new byte[] {9}));
            assertThat(failure.isKey()).isTrue();
            assertThat(failure.getMessage()).startsWith("Cannot deserialize key of topic 'k'");
        }
    }
}
