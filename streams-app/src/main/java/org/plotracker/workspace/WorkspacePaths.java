package org.plotracker.workspace;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every path of the workspace, in one place for the server, its pages and its tests. Route templates use Javalin's
 * {@code {param}} syntax; the builder methods fill them in.
 */
public final class WorkspacePaths {

    public static final String PATIENT = "/api/patients/{id}";
    public static final String PATIENT_BMD = "/api/patients/{id}/bmd";
    public static final String WORKLIST = "/api/worklist";
    public static final String ACKNOWLEDGE = "/api/alerts/{alertId}/acknowledge";
    public static final String COHORT = "/api/cohort";
    public static final String BMD_CHANGES = "/api/bmd-changes";

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";
    public static final String OPENAPI = "/openapi.yaml";

    /** The pages (static, served from the classpath folder {@value #PAGES_RESOURCE}). */
    public static final String WORKLIST_PAGE = "/";
    public static final String PATIENT_PAGE = "/patient.html";
    public static final String COHORT_PAGE = "/cohort.html";
    public static final String PAGES_RESOURCE = "/workspace";

    /** Header marking a request one instance forwarded to another: the receiver answers or says 503, never forwards. */
    public static final String FORWARDED_HEADER = "X-Plo-Forwarded";
    /** Query parameter asking an instance for its own partitions only (the fan-out's per-instance request). */
    public static final String SCOPE_PARAM = "scope";
    public static final String SCOPE_LOCAL = "local";

    private WorkspacePaths() {
    }

    public static String patient(String patientId) {
        return PATIENT.replace("{id}", encode(patientId));
    }

    public static String patientBmd(String patientId) {
        return PATIENT_BMD.replace("{id}", encode(patientId));
    }

    public static String acknowledge(String alertId) {
        return ACKNOWLEDGE.replace("{alertId}", encode(alertId));
    }

    public static String patientPage(String patientId) {
        return PATIENT_PAGE + "?id=" + encode(patientId);
    }

    public static String worklist(int offset, int limit) {
        return WORKLIST + "?offset=" + offset + "&limit=" + limit;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
