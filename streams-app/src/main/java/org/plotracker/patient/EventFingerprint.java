package org.plotracker.patient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A content fingerprint of an event: SHA-256 of its schema's full name and its Avro binary encoding, first 16 bytes in
 * hex. Same content, same fingerprint; any changed field (including recordedAt) changes it.
 */
public final class EventFingerprint {

    private EventFingerprint() {
    }

    public static String of(SpecificRecord record) {
        return sha256Hex(record.getSchema().getFullName().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                encode(record));
    }

    /** Avro binary encoding of a record (its own schema). */
    public static byte[] encode(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 over the parts, first 16 bytes in hex. */
    public static String sha256Hex(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
                digest.update((byte) 0);
            }
            byte[] hash = digest.digest();
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
