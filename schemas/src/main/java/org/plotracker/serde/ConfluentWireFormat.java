package org.plotracker.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent Schema Registry wire format: one magic byte {@code 0x00}, the schema id as a 4-byte big-endian
 * integer, then the Avro binary encoding of the value written with that schema. Confluent's {@code
 * KafkaAvroDeserializer} reads the same layout.
 */
public final class ConfluentWireFormat {

    /** First byte of every value. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Bytes before the Avro body: magic byte + schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** The header for a schema id: {@code 00 | id (big-endian)}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id of a value that has at least {@link #HEADER_LENGTH} bytes (the magic byte is not checked). */
    public static int schemaId(byte[] value) {
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }
}
