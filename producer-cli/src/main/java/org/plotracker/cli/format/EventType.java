package org.plotracker.cli.format;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.contracts.TopicSpec;
import org.plotracker.contracts.Topics;
import org.plotracker.contracts.events.DeliveryRecorded;
import org.plotracker.contracts.events.DxaScanRecorded;
import org.plotracker.contracts.events.ErasureRequested;
import org.plotracker.contracts.events.FractureDiagnosed;
import org.plotracker.contracts.events.PregnancyConfirmed;
import org.plotracker.contracts.events.TreatmentRecorded;

/** The event types a clinic can publish, by the short name used on the command line and in the {@code type} field. */
public enum EventType {
    DELIVERY("delivery", DeliveryRecorded.getClassSchema(), Topics.DELIVERY),
    PREGNANCY("pregnancy", PregnancyConfirmed.getClassSchema(), Topics.PREGNANCY),
    FRACTURE("fracture", FractureDiagnosed.getClassSchema(), Topics.FRACTURE),
    DXA("dxa", DxaScanRecorded.getClassSchema(), Topics.DXA_SCAN),
    TREATMENT("treatment", TreatmentRecorded.getClassSchema(), Topics.TREATMENT),
    ERASURE("erasure", ErasureRequested.getClassSchema(), Topics.ERASURE);

    private final String cliName;
    private final Schema schema;
    private final TopicSpec<?> topic;

    EventType(String cliName, Schema schema, TopicSpec<?> topic) {
        this.cliName = cliName;
        this.schema = schema;
        this.topic = topic;
    }

    /** Short name: {@code delivery}, {@code dxa}, ... */
    public String cliName() {
        return cliName;
    }

    public Schema schema() {
        return schema;
    }

    public TopicSpec<?> topic() {
        return topic;
    }

    /** The short names, in declaration order. */
    public static List<String> cliNames() {
        return Arrays.stream(values()).map(EventType::cliName).toList();
    }

    /**
     * The type named {@code name}: the short name ({@code dxa}), the record name ({@code DxaScanRecorded}) or the
     * constant ({@code DXA}), case-insensitive.
     */
    public static Optional<EventType> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim();
        return Arrays.stream(values()).filter(t -> t.cliName.equalsIgnoreCase(wanted)
                || t.schema.getName().equalsIgnoreCase(wanted) || t.name().equals(wanted.toUpperCase(Locale.ROOT)))
                .findFirst();
    }

    /** The type of a record, if it is one of the publishable events. */
    public static Optional<EventType> of(SpecificRecord record) {
        return Arrays.stream(values()).filter(t -> t.schema.getFullName().equals(record.getSchema().getFullName()))
                .findFirst();
    }
}
