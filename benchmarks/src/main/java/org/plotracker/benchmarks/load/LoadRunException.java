package org.plotracker.benchmarks.load;

/** A measurement could not be completed; the message says which and why. */
final class LoadRunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadRunException(String message) {
        super(message);
    }

    LoadRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
