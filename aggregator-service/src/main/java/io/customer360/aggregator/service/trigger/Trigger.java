package io.customer360.aggregator.service.trigger;

import java.time.Instant;
import java.util.List;

/**
 * A skill to run for a customer and why, as published on {@code customer360.triggers.{tenant}.{customer_id}}:
 * {@code skill} as the seed writes it, {@code cause} the rule and what fired it, the events behind it, and
 * {@code dedupKey}, the same for every firing of the same cause, so it is stored, published and acted on once.
 */
public record Trigger(
        String tenant,
        String customerId,
        String skill,
        String cause,
        List<String> evidenceEventIds,
        String dedupKey,
        Instant occurredAt) {

    public Trigger {
        evidenceEventIds = List.copyOf(evidenceEventIds);
    }

    /** A trigger whose dedup key is the customer, the skill and {@code causeKey}: what makes two firings the same. */
    public static Trigger of(
            String tenant,
            String customerId,
            String skill,
            String cause,
            List<String> evidenceEventIds,
            String causeKey,
            Instant occurredAt) {
        return new Trigger(
                tenant,
                customerId,
                skill,
                cause,
                evidenceEventIds,
                String.join(":", tenant, customerId, skill, causeKey),
                occurredAt);
    }
}
