package org.plotracker.cli;

/** The exit codes of every {@code plo} command (also listed in {@code plo --help}). */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The events are invalid (nothing was published), or an input file cannot be read as events. */
    public static final int INVALID_INPUT = 1;
    /** The command line is wrong: unknown option, missing argument, unreadable file or client config. */
    public static final int USAGE = 2;
    /** Kafka or the schema registry cannot be reached within the timeout. */
    public static final int UNREACHABLE = 3;
    /** Kafka or the registry refused the request (authorization, incompatible schema) or failed otherwise. */
    public static final int FAILED = 4;

    private ExitCode() {
    }
}
