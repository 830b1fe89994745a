package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/analytics/segments}: every segment with active members. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "SegmentList")
public record SegmentList(
        @Schema(required = true, description = "Largest first")
        List<AnalyticsSegmentSize> segments,

        @Schema(required = true) OffsetDateTime calculatedAt) {}
