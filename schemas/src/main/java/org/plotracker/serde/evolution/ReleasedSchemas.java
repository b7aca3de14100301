package org.plotracker.serde.evolution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The released versions of each top-level schema, kept as files on the classpath:
 * {@code released/<RecordName>/v1.avsc}, {@code v2.avsc}, … (full, self-contained schema JSON, as the registry holds
 * it). A released version is a promise: data written with it must stay readable by every later schema
 * ({@link SchemaEvolutionPolicy}).
 */
public final class ReleasedSchemas {

    /** Classpath folder holding one sub-folder per record name. */
    public static final String ROOT = "released";

    private ReleasedSchemas() {
    }

    /** The released versions of a record (simple name, e.g. {@code DeliveryRecorded}), oldest first; may be empty. */
    public static List<Schema> of(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = resource(recordName, version);
            try (InputStream in = ReleasedSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                versions.add(new Schema.Parser().parse(json));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + resource, e);
            } catch (SchemaParseException e) {
                throw new IllegalStateException("released schema " + resource + " is not valid Avro: "
                        + e.getMessage(), e);
            }
        }
    }

    /** The released versions of the schema's record, oldest first. */
    public static List<Schema> of(Schema current) {
        return of(current.getName());
    }

    /** Classpath location of one released version. */
    public static String resource(String recordName, int version) {
        return ROOT + "/" + recordName + "/v" + version + ".avsc";
    }
}
