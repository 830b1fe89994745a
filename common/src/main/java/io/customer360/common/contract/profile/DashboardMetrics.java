package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/analytics/dashboard/metrics}, with customer-analytics.md's snake_case names. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "DashboardMetrics")
public record DashboardMetrics(
        @Schema(required = true) long totalCustomers,

        @Schema(required = true, description = "Since 00:00 UTC")
        long totalInteractionsToday,

        @Schema(required = true, description = "In the last 7 days")
        long totalInteractionsWeek,

        @Schema(required = true, description = "In the last 30 days")
        long totalInteractionsMonth,

        @Schema(required = true, description = "The 5 largest segments")
        List<AnalyticsSegmentSize> topSegments,

        @Schema(required = true, description = "The 10 latest interactions, newest first")
        List<AnalyticsInteraction> recentActivity,

        @Schema(required = true) OffsetDateTime calculatedAt) {}
