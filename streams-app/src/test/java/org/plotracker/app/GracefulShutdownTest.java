package org.plotracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void stopsInReverseOrderOnceEvenWhenAStepFails() {
        List<String> stopped = new ArrayList<>();
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(1));
        shutdown.register("broker", t -> stopped.add("broker"));
        shutdown.register("failing", t -> {
            stopped.add("failing");
            throw new IllegalStateException("boom");
        });
        shutdown.register("streams", t -> stopped.add("streams"));

        shutdown.close();
        shutdown.close();

        assertThat(stopped).containsExactly("streams", "failing", "broker");
    }

    @Test
    void requestReleasesTheWaitingMainThread() throws Exception {
        GracefulShutdown shutdown = new GracefulShutdown(Duration.ofSeconds(1));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                shutdown.awaitShutdownRequest();
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        });
        assertThat(shutdown.shutdownRequested()).isFalse();

        shutdown.requestShutdown();

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(shutdown.shutdownRequested()).isTrue();
    }
}
