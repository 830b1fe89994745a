package io.customer360.aggregator.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** A skill trigger fired for the customer lately, as the view lists it under {@code recentTriggers}. */
@RegisterForReflection
public record RecentTrigger(String skill, String cause, List<String> evidenceEventIds, Instant occurredAt) {}
