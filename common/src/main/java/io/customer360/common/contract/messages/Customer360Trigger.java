package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * aggregator-service's skill trigger on {@code customer360.triggers.{tenant}.{customer_id}}, for the skill workers:
 * the skill to run, its cause, the events behind it and {@code dedupKey}, the same for every firing of one cause (the
 * message id is {@code trigger:{dedupKey}}), so it is acted on once.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Customer360Trigger(
        String tenant,
        String customerId,
        String skill,
        String cause,
        List<String> evidenceEventIds,
        String dedupKey,
        Instant occurredAt) {}
