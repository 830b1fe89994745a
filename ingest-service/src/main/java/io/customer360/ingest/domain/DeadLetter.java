package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored event that was not accepted, as an operator sees it. {@code payload} is the original bytes as UTF-8
 * text; {@code payloadTruncated} says when only the first part of a very large payload was kept.
 */
public record DeadLetter(
        UUID id,
        String origin,
        String subject,
        Map<String, List<String>> headers,
        String eventId,
        String eventType,
        String customerId,
        String reason,
        String detail,
        List<Violation> violations,
        String payload,
        boolean payloadTruncated,
        OffsetDateTime receivedAt) {}
