package org.plotracker.testsupport;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting on conditions with a timeout, instead of sleeping blindly. */
public final class Conditions {

    private static final long POLL_MILLIS = 50;

    private Conditions() {
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @throws AssertionError naming {@code description} when it is still false after {@code timeout}
     */
    public static void waitUntil(BooleanSupplier condition, Duration timeout, String description) {
        waitFor(condition::getAsBoolean, Boolean::booleanValue, timeout, description);
    }

    /**
     * Polls {@code supplier} until its value matches {@code accept} and returns that value. Exceptions thrown by the
     * supplier count as "not yet" and the last one is attached to the failure.
     *
     * @throws AssertionError naming {@code description} and the last value seen when nothing matched in time
     */
    public static <T> T waitFor(Supplier<T> supplier, Predicate<? super T> accept, Duration timeout,
            String description) {
        Objects.requireNonNull(supplier, "supplier");
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = supplier.get();
                lastError = null;
                if (accept.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() >= deadline) {
                AssertionError failure = new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for "
                        + description + (lastError == null ? "; last value: " + last : "; last error: " + lastError));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description, e);
            }
        }
    }
}
