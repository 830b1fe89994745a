package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A validated partner event with its tenant and stable id, as ingest-service publishes it for profile-service on
 * {@code profile.events.{tenant}.{customer_token}.{event_type}} (the token: {@code CustomerTokens}); its
 * {@code tenant} must be the subject's. {@code autoCreate} says whether the event may create a customer it does not
 * find: absent (or null) on the wire it does, as profile-service has always read it; ingest-service always writes it.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
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
        Boolean autoCreate,
        Instant receivedAt) {

    public NormalizedEvent {
        autoCreate = !Boolean.FALSE.equals(autoCreate);
    }
}
