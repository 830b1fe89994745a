package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;
import java.util.List;

/** Why one event cannot be accepted: the dead-letter reason, a human detail, and the fields at fault. */
public record Rejection(RejectReason reason, String detail, List<Violation> violations) {

    public static Rejection of(RejectReason reason, String detail) {
        return new Rejection(reason, detail, List.of());
    }
}
