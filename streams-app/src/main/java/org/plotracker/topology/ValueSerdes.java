package org.plotracker.topology;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.plotracker.serde.AvroSerdes;

/** Supplies the (schema-registry) value serde of each contract type the topology reads or writes. */
public interface ValueSerdes {

    <T extends SpecificRecord> Serde<T> forType(Class<T> type);

    /**
     * The Confluent-wire Avro serdes configured with {@code serdeConfig} ({@code schema.registry.url} – a
     * {@code mock://<scope>} URL in tests –, {@code auto.register.schemas}, {@code use.latest.version}, auth options).
     */
    static ValueSerdes fromConfig(Map<String, ?> serdeConfig) {
        Map<String, ?> config = Map.copyOf(serdeConfig);
        return new ValueSerdes() {
            @Override
            public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
                return AvroSerdes.forClass(type, config);
            }
        };
    }
}
