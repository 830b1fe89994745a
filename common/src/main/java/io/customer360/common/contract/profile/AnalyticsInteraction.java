package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An interaction in the analytics answers: a timeline event of one of the interaction types, its type the event type
 * and its status the status that event carried.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "AnalyticsInteraction")
public record AnalyticsInteraction(
        @Schema(required = true) String eventId,
        @Schema(required = true) String customerId,
        @Schema(required = true) String interactionType,

        @Schema(required = true, nullable = true, description = "Null for a sensitive entry the caller may not read")
        String title,

        @Schema(required = true, nullable = true) String status,
        @Schema(required = true) OffsetDateTime interactionDate) {}
