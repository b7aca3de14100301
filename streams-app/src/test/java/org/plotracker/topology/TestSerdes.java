package org.plotracker.topology;

import org.plotracker.serde.AvroSerdeConfig;

/** The serdes and validation the topology tests use: the registry serde on an in-memory mock:// registry. */
final class TestSerdes {

    private TestSerdes() {
    }

    /** Value serdes on the in-memory registry {@code mock://<scope>}. */
    static ValueSerdes forScope(String scope) {
        return ValueSerdes.fromConfig(AvroSerdeConfig.mockRegistry(scope));
    }

    /** The shared event validation with its default limits. */
    static EventScreen validator() {
        return EventScreen.defaults();
    }
}
