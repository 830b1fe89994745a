package io.customer360.ingest.domain;

import io.customer360.common.api.Problem.Violation;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A stored event that was not accepted, as an operator sees it. {@code payload} is the original bytes as UTF-8
 * text; {@code payloadTruncated} says when only the first part of a very large payload was kept.
 */
public record DeadLetter(
        @Schema(required = true) UUID id,
        @Schema(required = true) String origin,
        String subject,
        @Schema(required = true) Map<String, List<String>> headers,
        String eventId,
        String eventType,
        String customerId,
        @Schema(required = true) String reason,
        @Schema(required = true) String detail,
        @Schema(required = true) List<Violation> violations,
        @Schema(required = true) String payload,
        @Schema(required = true) boolean payloadTruncated,
        @Schema(required = true) OffsetDateTime receivedAt) {}
