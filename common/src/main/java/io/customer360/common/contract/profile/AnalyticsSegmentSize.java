package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A segment and its active members, in the analytics answers. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "AnalyticsSegmentSize")
public record AnalyticsSegmentSize(
        @Schema(required = true) String segmentName,

        @Schema(required = true, description = "Active members")
        long customerCount,

        @Schema(required = true, nullable = true) String description) {}
