package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One entry of a customer's timeline; a sensitive entry shown to a caller without c360.sensitive is redacted. */
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
        JsonNode data,
        JsonNode metadata,
        boolean sensitive,
        boolean redacted) {
}
