package org.plotracker.serde.registry;

/**
 * An error answered by a schema registry, modelled on Confluent Schema Registry's REST errors: the HTTP status, the
 * registry's {@code error_code} and its message. Connection failures that outlast the retries are reported with
 * status {@code 0} and error code {@link #CONNECTION_FAILED}.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** 40401: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** 40402: the subject exists but not that version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** 40403: no schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** 40408: the subject has no compatibility level of its own. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** 409: the schema is incompatible with earlier versions under the subject's compatibility level. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** 42201: the schema is not valid Avro. */
    public static final int INVALID_SCHEMA = 42201;
    /** 42202: the version is neither a positive integer nor {@code latest}. */
    public static final int INVALID_VERSION = 42202;
    /** 42203: unknown compatibility level. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** 50001: the registry failed to store the schema. */
    public static final int STORE_ERROR = 50001;
    /** 50002: an operation inside the registry timed out. */
    public static final int OPERATION_TIMEOUT = 50002;
    /** 50003: the registry failed to forward the request to its leader. */
    public static final int REQUEST_FORWARDING_FAILED = 50003;
    /** Not a registry code: no registry URL could be reached. */
    public static final int CONNECTION_FAILED = -1;

    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(int httpStatus, int errorCode, String registryMessage) {
        this(httpStatus, errorCode, registryMessage, null);
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String registryMessage, Throwable cause) {
        super(registryMessage + " (HTTP " + httpStatus + ", error_code " + errorCode + ")", cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    public static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static SchemaRegistryException versionNotFound(String subject, String version) {
        return new SchemaRegistryException(404, VERSION_NOT_FOUND,
                "Version " + version + " not found under subject '" + subject + "'.");
    }

    public static SchemaRegistryException schemaNotFound(String what) {
        return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + what + ".");
    }

    public static SchemaRegistryException incompatible(String detail) {
        return new SchemaRegistryException(409, INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema: " + detail);
    }

    public static SchemaRegistryException invalidSchema(String detail) {
        return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    public static SchemaRegistryException invalidVersion(String version) {
        return new SchemaRegistryException(422, INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static SchemaRegistryException invalidCompatibilityLevel(String level) {
        return new SchemaRegistryException(422, INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level: '" + level + "'. Valid values are " + CompatibilityLevels.NAMES);
    }

    /** HTTP status of the registry's answer; 0 if no registry answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} (e.g. 40401), or {@link #CONNECTION_FAILED}. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, without status and code. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True for "not found" answers: subject, version or schema. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True when retrying later may succeed: server errors and unreachable registries. */
    public boolean isRetriable() {
        return httpStatus >= 500 || errorCode == CONNECTION_FAILED;
    }
}
