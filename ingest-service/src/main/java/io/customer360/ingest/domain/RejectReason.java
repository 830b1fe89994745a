package io.customer360.ingest.domain;

/** Why an event was dead-lettered; the wire value is the snake_case name. */
public enum RejectReason {
    INVALID_JSON,
    VALIDATION_FAILED,
    SUBJECT_MISMATCH,
    UNKNOWN_TENANT,
    TOO_LARGE,
    MAX_DELIVERIES;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
