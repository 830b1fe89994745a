package io.customer360.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** A tenant's JSON Schema for the {@code data} of one event type. */
public record TrackingPlan(
        String eventType, JsonNode schema, int version, OffsetDateTime updatedAt, String updatedBy) {}
