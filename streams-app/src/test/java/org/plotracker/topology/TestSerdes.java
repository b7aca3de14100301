package org.plotracker.topology;

/** The serdes and validation the topology tests use. */
final class TestSerdes {

    private TestSerdes() {
    }

    /** Value serdes for one test scope. */
    static ValueSerdes forScope(String scope) {
        return new PlainAvroSerdes();
    }

    /** The shared event validation. */
    static EventScreen validator() {
        return EventScreen.acceptAll();
    }
}
