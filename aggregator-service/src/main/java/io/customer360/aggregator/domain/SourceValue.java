package io.customer360.aggregator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** One source's value of a field, as profile-service keeps it: who said it, what, when, and in which event. */
@RegisterForReflection
public record SourceValue(String source, JsonNode value, Instant at, String eventId) {}
