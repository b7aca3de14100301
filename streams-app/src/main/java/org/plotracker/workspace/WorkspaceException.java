package org.plotracker.workspace;

import java.time.Duration;

/**
 * Every answer other than success, as one exception type mapped to one status by the server's single exception
 * mapper. Messages name the request's problem (a parameter, a role), never clinical values.
 */
public final class WorkspaceException extends RuntimeException {

    /** How long a client should wait before retrying a 503 (a rebalance or restore usually ends within seconds). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final int status;

    private WorkspaceException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 503: not running yet, rebalancing, the data moved, or another instance could not be asked. */
    public static WorkspaceException unavailable(String why) {
        return new WorkspaceException(503, why);
    }

    public static WorkspaceException notFound(String what) {
        return new WorkspaceException(404, what);
    }

    public static WorkspaceException badRequest(String what) {
        return new WorkspaceException(400, what);
    }

    public static WorkspaceException unauthenticated(String what) {
        return new WorkspaceException(401, what);
    }

    public static WorkspaceException forbidden(String what) {
        return new WorkspaceException(403, what);
    }

    public static WorkspaceException conflict(String what) {
        return new WorkspaceException(409, what);
    }
}
