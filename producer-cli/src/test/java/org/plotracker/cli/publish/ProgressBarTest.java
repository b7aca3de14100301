package org.plotracker.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersDoneTotalRateAndEta() {
        assertThat(ProgressBar.render("publishing", 2_500, 10_000, Duration.ofSeconds(1)))
                .isEqualTo("publishing [######------------------] 2,500/10,000  25%  2,500/s  ETA 0:03");
        assertThat(ProgressBar.render("publishing", 10_000, 10_000, Duration.ofSeconds(4)))
                .isEqualTo("publishing [########################] 10,000/10,000 100%  2,500/s  ETA 0:00");
        assertThat(ProgressBar.render("checking", 0, 10_000, Duration.ZERO)).endsWith("0/s  ETA -:--");
        assertThat(ProgressBar.render("x", 1, 100_000, Duration.ofSeconds(1))).endsWith("ETA 27:46:39");
    }

    @Test
    void redrawsAtMostEvery200MillisecondsAndEndsTheLine() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "p", true, clock::get);
        bar.start(100);
        for (int i = 1; i <= 100; i++) {
            clock.addAndGet(10_000_000L);
            bar.update(i);
        }
        bar.finish();
        // 1 s of updates every 10 ms: the first draw, one per 200 ms, and the final one.
        assertThat(text.toString().chars().filter(c -> c == '\r').count()).isBetween(5L, 7L);
        assertThat(text.toString()).endsWith("100/100 100%  100/s  ETA 0:00" + System.lineSeparator());
    }

    @Test
    void aDisabledBarPrintsNothing() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "p", false);
        bar.start(10);
        bar.update(5);
        bar.finish();
        assertThat(text.toString()).isEmpty();
    }
}
