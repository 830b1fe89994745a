package io.customer360.ingest.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happens to an event whose type has no tracking plan. */
public enum UnplannedPolicy {
    /** Accepted like any other event. */
    ALLOW,
    /** Dead-lettered with reason {@code unplanned_event_type} until a plan exists; then it can be replayed. */
    QUARANTINE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static UnplannedPolicy fromWire(String value) {
        for (UnplannedPolicy policy : values()) {
            if (policy.wire().equals(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("must be allow or quarantine");
    }
}
