package org.plotracker.cli.publish;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: {@code publishing [########------------] 4,096/10,000  41%  3,120/s  ETA 0:02}.
 * Redrawn in place (carriage return) at most every 200 ms, so it costs nothing measurable; thread-safe because the
 * producer reports acknowledgements on its own thread.
 */
public final class ProgressBar {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final LongSupplier clock;
    private long total;
    private long startNanos;
    private long lastDrawNanos;
    private long done;
    private boolean drawn;

    public ProgressBar(PrintWriter err, String label, boolean enabled) {
        this(err, label, enabled, System::nanoTime);
    }

    ProgressBar(PrintWriter err, String label, boolean enabled, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
        this.clock = clock;
    }

    public synchronized void start(long total) {
        this.total = total;
        this.done = 0;
        this.startNanos = clock.getAsLong();
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
        update(0);
    }

    public synchronized void update(long done) {
        this.done = done;
        long now = clock.getAsLong();
        if (enabled && now - lastDrawNanos >= REDRAW_NANOS) {
            lastDrawNanos = now;
            draw(now);
        }
    }

    /** Draws the final state and ends the line. */
    public synchronized void finish() {
        if (enabled) {
            done = total;
            draw(clock.getAsLong());
            err.println();
            err.flush();
        }
    }

    /** Ends the line without claiming completion (after a failure). */
    public synchronized void abandon() {
        if (enabled && drawn) {
            err.println();
            err.flush();
        }
    }

    /** The text of the bar for {@code done} of {@code total} after {@code elapsed}. */
    static String render(String label, long done, long total, Duration elapsed) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 && done < total ? clockText((long) Math.ceil((total - done) / rate)) : "-:--";
        return String.format(Locale.ROOT, "%s [%s%s] %,d/%,d %3d%%  %,.0f/s  ETA %s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, Math.round(fraction * 100), rate,
                done >= total ? "0:00" : eta);
    }

    private void draw(long now) {
        err.print("\r" + render(label, done, total, Duration.ofNanos(now - startNanos)));
        err.flush();
        drawn = true;
    }

    private static String clockText(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
