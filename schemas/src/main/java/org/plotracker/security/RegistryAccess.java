package org.plotracker.security;

import java.util.List;
import java.util.Locale;

/**
 * Who may do what at the schema registry: every role reads schemas (it needs them to write or read its topics); only
 * the release step registers, deletes or reconfigures. Requests are classified by method and path of Confluent's REST
 * API, so the rule holds for the embedded registry and documents what a managed registry's authorization should
 * enforce.
 */
public final class RegistryAccess {

    /** What a request does. */
    public enum Operation {
        /** Reads: GET anything, POST a lookup ({@code /subjects/{s}}) or a compatibility check. */
        READ,
        /** Changes: register a version, delete, change compatibility configuration. */
        WRITE
    }

    private RegistryAccess() {
    }

    /** The operation of a request, from its method and path (without query). */
    public static Operation operationOf(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS")) {
            return Operation.READ;
        }
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
        if (m.equals("POST") && segments.size() == 2 && segments.get(0).equals("subjects")) {
            return Operation.READ; // lookup of a schema under a subject
        }
        if (m.equals("POST") && !segments.isEmpty() && segments.get(0).equals("compatibility")) {
            return Operation.READ; // "would this schema be compatible?" changes nothing
        }
        return Operation.WRITE;
    }

    /**
     * Whether a principal may perform an operation.
     *
     * @param role the principal's role, or null for the release step (the registry's administrator)
     */
    public static boolean allows(Role role, Operation operation) {
        return role == null || operation == Operation.READ;
    }
}
