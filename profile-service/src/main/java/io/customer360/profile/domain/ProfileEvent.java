package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A normalized event as ingest-service publishes it on {@code profile.events.{tenant}.{customer_token}.{event_type}}
 * (the token: common {@code CustomerTokens}). Its {@code tenant} must be the subject's.
 */
@RegisterForReflection
public record ProfileEvent(
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
        Boolean autoCreate,
        Instant receivedAt) {
}
