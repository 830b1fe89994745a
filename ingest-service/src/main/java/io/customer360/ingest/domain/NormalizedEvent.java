package io.customer360.ingest.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A validated partner event with its tenant and stable id, as published on {@code profile.events.{tenant}.{event_type}}
 * (docs/architecture.md, Messages between services).
 */
@RegisterForReflection
public record NormalizedEvent(
        String eventId,
        String tenant,
        String customerId,
        String email,
        String eventType,
        Instant occurredAt,
        String sourceService,
        ObjectNode data,
        ObjectNode metadata,
        String summary,
        boolean autoCreate,
        Instant receivedAt) {
}
