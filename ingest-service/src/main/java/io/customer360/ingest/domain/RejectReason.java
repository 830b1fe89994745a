package io.customer360.ingest.domain;

import java.util.Locale;

/**
 * Why an event was dead-lettered. The wire value (snake_case) is a stable, documented contract: clients and
 * dashboards branch on it.
 */
public enum RejectReason {
    /** The payload is not JSON, or has a duplicate key. */
    MALFORMED_JSON,
    /** A required field is missing (customer_id or an email, event_type, timestamp, source_service). */
    MISSING_FIELD,
    /** A field has the wrong type or shape (e.g. a timestamp in milliseconds, a customer id with a '.'). */
    INVALID_TYPE,
    /** The subject's customer or event type disagrees with the payload. */
    SUBJECT_MISMATCH,
    /** The timestamp is further in the future than the allowed clock skew. */
    FUTURE_TIMESTAMP,
    /** The event is larger than the size limit. */
    TOO_LARGE,
    /** The event is nested deeper than the depth limit. */
    TOO_DEEP,
    /** The tenant is not declared. */
    UNKNOWN_TENANT,
    /** The event's data violates the tenant's tracking plan for its type. */
    SCHEMA_VIOLATION,
    /** The tenant quarantines event types that have no tracking plan, and this one has none. */
    UNPLANNED_EVENT_TYPE,
    /** Processing kept failing for reasons outside the event; it was set aside after the delivery limit. */
    POISON,
    /** The customer was erased; a replay does not bring its events back. */
    ERASED_CUSTOMER,
    /**
     * An identify or alias ties an anonymous id to a user while the same anonymous id is already tied to another user
     * (Segment intake): never merged silently.
     */
    IDENTITY_CONFLICT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RejectReason fromCode(String code) {
        for (RejectReason reason : values()) {
            if (reason.code().equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
