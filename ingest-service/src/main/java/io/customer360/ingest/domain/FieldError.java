package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;

/** One thing wrong with an event: the field, what is wrong, and the reason code it maps to. */
public record FieldError(String field, String message, RejectReason reason) {

    public Violation violation() {
        return new Violation(field, message);
    }
}
