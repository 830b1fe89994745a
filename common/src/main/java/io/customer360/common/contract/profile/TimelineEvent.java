package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One entry of a customer's timeline ({@code GET /api/v1/customers/{id}/timeline}). {@code origin} says who wrote it:
 * {@code platform} (a change through profile-service's API, {@code actor} the verified token subject,
 * {@code sourceService} the API's name) or {@code partner} ({@code actor} null, {@code sourceService} the partner's
 * {@code source_service} prefixed {@code partner:}), so no partner event reads like the platform's. A sensitive entry
 * shown to a caller without c360.sensitive is redacted: no title, description, summary, data or metadata.
 */
@RegisterForReflection
public record TimelineEvent(
        String eventId,
        String eventType,
        OffsetDateTime occurredAt,
        String title,
        String description,
        String summary,
        BigDecimal amount,
        String status,
        String sourceService,
        String origin,
        String actor,
        JsonNode data,
        JsonNode metadata,
        boolean sensitive,
        boolean redacted) {}
