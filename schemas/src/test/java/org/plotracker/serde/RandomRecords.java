package org.plotracker.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic random data for any Avro schema (every union branch, enum symbol and optional field gets exercised
 * over a few records), as raw GenericRecords (logical types in their underlying representation) and as generated
 * SpecificRecords decoded from them.
 */
public final class RandomRecords {

    private final Random random;

    public RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A random record of the schema in Avro's generic, raw representation. */
    public GenericRecord generic(Schema schema) {
        return (GenericRecord) value(schema, 0);
    }

    /** A random instance of a generated class. */
    public <T extends SpecificRecord> T specific(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        byte[] body = encode(schema, generic(schema));
        try {
            return new SpecificDatumReader<T>(schema, schema, SpecificData.getForClass(type))
                    .read(null, DecoderFactory.get().binaryDecoder(body, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Avro binary body of a generic value under the schema. */
    public static byte[] encode(Schema schema, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<Object>(schema, new GenericData()).write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Object value(Schema schema, int depth) {
        switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), depth + 1));
                }
                return record;
            }
            case ENUM -> {
                List<String> symbols = schema.getEnumSymbols();
                return new GenericData.EnumSymbol(schema, symbols.get(random.nextInt(symbols.size())));
            }
            case ARRAY -> {
                int size = depth > 6 ? 0 : random.nextInt(4);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    items.add(value(schema.getElementType(), depth + 1));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                int size = depth > 6 ? 0 : random.nextInt(3);
                Map<String, Object> map = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    map.put(text(6), value(schema.getValueType(), depth + 1));
                }
                return map;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                return value(branches.get(random.nextInt(branches.size())), depth + 1);
            }
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                return new GenericData.Fixed(schema, bytes);
            }
            case STRING -> {
                return text(1 + random.nextInt(12));
            }
            case BYTES -> {
                byte[] bytes = new byte[1 + random.nextInt(8)];
                random.nextBytes(bytes);
                return ByteBuffer.wrap(bytes);
            }
            case INT -> {
                // Also a plausible "date" (days since epoch) for the date logical type.
                return 15_000 + random.nextInt(10_000);
            }
            case LONG -> {
                return 1_500_000_000_000L + (long) (random.nextDouble() * 300_000_000_000L);
            }
            case FLOAT -> {
                return random.nextFloat() * 4 - 2;
            }
            case DOUBLE -> {
                return random.nextDouble() * 4 - 2;
            }
            case BOOLEAN -> {
                return random.nextBoolean();
            }
            case NULL -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    private String text(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
