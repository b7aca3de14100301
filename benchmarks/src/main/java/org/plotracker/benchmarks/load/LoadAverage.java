package org.plotracker.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average: other processes share the cores the measurement runs on. */
final class LoadAverage {

    private LoadAverage() {
    }

    /** The 1-minute load average ({@code /proc/loadavg}, else the JVM's view), or -1 when unknown. */
    static double oneMinute() {
        Path proc = Path.of("/proc/loadavg");
        try {
            if (Files.isReadable(proc)) {
                return Double.parseDouble(Files.readString(proc).trim().split("\\s+")[0]);
            }
        } catch (IOException | NumberFormatException unreadable) {
            // fall back to the JVM's figure
        }
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
