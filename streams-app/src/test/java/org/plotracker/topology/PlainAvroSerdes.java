package org.plotracker.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Test-only placeholder for the registry serde (Avro single-object encoding, no registry) until the Confluent-wire serde
 * with its mock:// registry is on main.
 */
final class PlainAvroSerdes implements ValueSerdes {
    @Override
    public <T extends SpecificRecord> Serde<T> forType(Class<T> type) {
        return InternalSerde.of(type);
    }
}
