package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.customer360.common.contract.profile.AnalyticsDailyCount;
import io.customer360.common.contract.profile.AnalyticsInteraction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The response bodies of {@code customer-analytics.md} no other service reads, with its snake_case field names (those
 * the console reads are common's contract records: OrganizationSummary, DashboardMetrics, SegmentList). An interaction
 * is a timeline event of one of the {@link Interactions} types; its type is the event type and its status the status
 * that event carried (events without one are not counted by status).
 */
public final class AnalyticsResponses {

    private AnalyticsResponses() {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "CustomerAnalytics")
    public record CustomerAnalytics(
            @Schema(required = true) String customerId,
            @Schema(required = true, nullable = true) String customerName,
            @Schema(required = true) long totalInteractions,

            @Schema(required = true, nullable = true, description = "The latest interaction's time; null without one")
            OffsetDateTime lastInteractionDate,

            @Schema(required = true, description = "Interactions by event type")
            Map<String, Long> interactionTypes,

            @Schema(
                    required = true,
                    description = "Interactions by the status each carried; those without one are left out")
            Map<String, Long> interactionStatus,

            @Schema(required = true, description = "Active segment memberships, by name")
            List<SegmentMembership> segments,

            @Schema(required = true, description = "The latest interactions, newest first (`recent_limit`)")
            List<AnalyticsInteraction> recentInteractions,

            @Schema(required = true) OffsetDateTime calculatedAt) {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AnalyticsSegmentMembership")
    public record SegmentMembership(
            @Schema(required = true) String segmentName,
            @Schema(required = true, nullable = true) BigDecimal segmentValue,
            @Schema(required = true, nullable = true) OffsetDateTime assignedDate,
            @Schema(required = true, nullable = true) String description) {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "SegmentAnalytics")
    public record SegmentAnalytics(
            @Schema(required = true) String segmentName,

            @Schema(required = true, description = "Current members")
            long totalCustomers,

            @Schema(required = true, description = "Every interaction of the current members")
            long totalInteractions,

            @Schema(required = true, description = "2 decimals; 0 without members")
            BigDecimal averageInteractionsPerCustomer,

            @Schema(required = true, description = "Interactions by event type, most first")
            Map<String, Long> interactionTypes,

            @Schema(required = true, description = "One entry per UTC day of the period, oldest first")
            List<AnalyticsDailyCount> activityTimeline,

            @Schema(required = true) int periodDays,
            @Schema(required = true) OffsetDateTime calculatedAt) {}
}
