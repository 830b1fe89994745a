package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * aggregator-service's announcement on {@code customer360.state.{tenant}.{customer_id}} that a complete view changed
 * a customer's exit state or health band; profile-service keeps the newest on the customer. {@code healthScore}
 * (0–100) and the states may be null.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Customer360State(
        String tenant,
        String customerId,
        String exitState,
        String previousExitState,
        Integer healthScore,
        String healthBand,
        Instant occurredAt) {}
