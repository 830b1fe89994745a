package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The response bodies of {@code customer-analytics.md}, with its snake_case field names. An interaction is a timeline
 * event of one of the {@link Interactions} types; its type is the event type and its status the status that event
 * carried (events without one are not counted by status).
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
            List<Interaction> recentInteractions,

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
    @Schema(name = "AnalyticsInteraction")
    public record Interaction(
            @Schema(required = true) String eventId,
            @Schema(required = true) String customerId,
            @Schema(required = true) String interactionType,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "Null for a sensitive entry the caller may not read")
            String title,

            @Schema(required = true, nullable = true) String status,
            @Schema(required = true) OffsetDateTime interactionDate) {}

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
            List<DailyCount> activityTimeline,

            @Schema(required = true) int periodDays,
            @Schema(required = true) OffsetDateTime calculatedAt) {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AnalyticsDailyCount")
    public record DailyCount(
            @Schema(required = true) LocalDate date,
            @Schema(required = true) long interactions) {}

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
            List<DailyCount> interactionTrends,

            @Schema(required = true) int periodDays,
            @Schema(required = true) OffsetDateTime calculatedAt) {}

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
            List<SegmentSize> topSegments,

            @Schema(required = true, description = "The 10 latest interactions, newest first")
            List<Interaction> recentActivity,

            @Schema(required = true) OffsetDateTime calculatedAt) {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "AnalyticsSegmentSize")
    public record SegmentSize(
            @Schema(required = true) String segmentName,

            @Schema(required = true, description = "Active members")
            long customerCount,

            @Schema(required = true, nullable = true) String description) {}

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "SegmentList")
    public record SegmentList(
            @Schema(required = true, description = "Largest first")
            List<SegmentSize> segments,

            @Schema(required = true) OffsetDateTime calculatedAt) {}
}
