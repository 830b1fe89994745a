package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/analytics/organization/summary}, with customer-analytics.md's snake_case names. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "OrganizationSummary")
public record OrganizationSummary(
        @Schema(required = true) long totalCustomers,

        @Schema(required = true, description = "Every interaction of the tenant")
        long totalInteractions,

        @Schema(required = true, description = "Active members by segment")
        Map<String, Long> customersBySegment,

        @Schema(required = true, description = "One entry per UTC day of the period, oldest first")
        List<AnalyticsDailyCount> interactionTrends,

        @Schema(required = true) int periodDays,
        @Schema(required = true) OffsetDateTime calculatedAt) {}
