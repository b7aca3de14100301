package org.plotracker.benchmarks.load;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The harness's logging: everything the tracker and Kafka log goes to a file beside the results, at the app's own
 * levels (plo-tracker's INFO, set by {@code PLO_LOG_LEVEL}, so the tracker pays for its logging as it does when
 * deployed); the terminal shows only the harness's progress and results.
 */
final class Logging {

    private Logging() {
    }

    static void toFile(Path file) {
        System.setProperty("plo.load.log", file.toAbsolutePath().toString());
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        try {
            context.setConfigLocation(Logging.class.getResource("/plo-load-log4j2.xml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("plo-load-log4j2.xml is not on the class path", e);
        }
    }
}
