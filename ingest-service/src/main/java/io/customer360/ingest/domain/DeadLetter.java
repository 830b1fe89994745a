package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A stored event that was not accepted, as an operator sees it. */
public record DeadLetter(UUID id, String origin, String eventId, String reason, String detail,
        List<Violation> violations, String payload, boolean payloadTruncated, OffsetDateTime receivedAt) {
}
