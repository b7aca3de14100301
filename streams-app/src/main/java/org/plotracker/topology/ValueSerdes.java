package org.plotracker.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Supplies the (schema-registry) value serde of each contract type the topology reads or writes. */
public interface ValueSerdes {

    <T extends SpecificRecord> Serde<T> forType(Class<T> type);
}
