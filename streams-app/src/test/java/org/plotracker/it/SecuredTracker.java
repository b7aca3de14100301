package org.plotracker.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.plotracker.app.TrackerOutputTopics;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.infrastructure.EmbeddedStack;
import org.plotracker.security.Role;

/** The tracker on the secured embedded stack under its own principal, for tests outside this package. */
public final class SecuredTracker implements AutoCloseable {

    public static final Duration TIMEOUT = TrackerInstance.TIMEOUT;

    private final TrackerInstance instance;

    private SecuredTracker(TrackerInstance instance) {
        this.instance = instance;
    }

    /** Starts the tracker with the {@link Role#TRACKER} principal's settings; it registers no schema. */
    public static SecuredTracker start(EmbeddedStack stack, String applicationId, Path stateDir)
            throws InterruptedException {
        Map<String, Object> tracker = new HashMap<>(stack.clientProperties(Role.TRACKER));
        String registry = (String) tracker.remove("schema.registry.url");
        return new SecuredTracker(TrackerInstance.start(TrackerInstance.config(tracker, registry, applicationId,
                stateDir, Map.of("auto.register.schemas", "false"))));
    }

    /** Waits until every committed input record is processed and every patient decided (alerts committed). */
    public void awaitCaughtUp() throws Exception {
        instance.awaitDecided();
    }

    /** The committed outputs, read by the care team and the analyst, equal the oracle's for these events. */
    public static void assertOutputsOf(TrackerOutputTopics outputs, List<SpecificRecord> events) throws Exception {
        TopicContents actual = TopicContents.readCommitted(outputs).forPatients(SourceCases.patientIds()::contains);
        actual.assertExactlyOnceEquivalentTo(ExpectedOutputs.of(events), false);
    }

    @Override
    public void close() {
        instance.close();
    }
}
