package org.plotracker.it;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.plotracker.testsupport.EmbeddedStackExtension;

/** The end-to-end scenario against the real in-JVM KRaft broker and the embedded schema registry. */
class EndToEndEmbeddedTest extends EndToEndScenario {

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @Override
    Map<String, Object> clientProperties() {
        return STACK.clientProperties();
    }

    @Override
    String schemaRegistryUrl() {
        return STACK.schemaRegistryUrl();
    }
}
