package io.customer360.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tenant's JSON Schema for the {@code data} of one event type. */
public record TrackingPlan(
        @Schema(required = true) String eventType,
        @Schema(required = true) JsonNode schema,
        @Schema(required = true) int version,
        @Schema(required = true) OffsetDateTime updatedAt,
        @Schema(required = true) String updatedBy) {}
