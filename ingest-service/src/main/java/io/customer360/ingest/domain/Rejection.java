package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** Why one event cannot be accepted: the dead-letter reason, a human detail, and the fields at fault. */
public record Rejection(RejectReason reason, String detail, List<Violation> violations) {

    public static Rejection of(RejectReason reason, String detail) {
        return new Rejection(reason, detail, List.of());
    }

    /** The rejection for a list of field errors: the first error's reason, every error as a violation. */
    public static Rejection of(List<FieldError> errors) {
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        return new Rejection(
                errors.get(0).reason(),
                detail,
                errors.stream().map(FieldError::violation).toList());
    }
}
