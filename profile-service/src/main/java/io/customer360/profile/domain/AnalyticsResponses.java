package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The response bodies of {@code customer-analytics.md}, with its snake_case field names. An interaction is a timeline
 * event; its type is the event type and its status the status the event carried (events without one are not counted
 * by status).
 */
public final class AnalyticsResponses {

    private AnalyticsResponses() {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerAnalytics(String customerId, String customerName, long totalInteractions,
            OffsetDateTime lastInteractionDate, Map<String, Long> interactionTypes, Map<String, Long> interactionStatus,
            List<SegmentMembership> segments, List<Interaction> recentInteractions, OffsetDateTime calculatedAt) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SegmentMembership(String segmentName, BigDecimal segmentValue, OffsetDateTime assignedDate,
            String description) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Interaction(String eventId, String customerId, String interactionType, String title, String status,
            OffsetDateTime interactionDate) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SegmentAnalytics(String segmentName, long totalCustomers, long totalInteractions,
            BigDecimal averageInteractionsPerCustomer, Map<String, Long> interactionTypes, List<DailyCount> activityTimeline,
            int periodDays, OffsetDateTime calculatedAt) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DailyCount(LocalDate date, long interactions) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OrganizationSummary(long totalCustomers, long totalInteractions, Map<String, Long> customersBySegment,
            List<DailyCount> interactionTrends, int periodDays, OffsetDateTime calculatedAt) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DashboardMetrics(long totalCustomers, long totalInteractionsToday, long totalInteractionsWeek,
            long totalInteractionsMonth, List<SegmentSize> topSegments, List<Interaction> recentActivity,
            OffsetDateTime calculatedAt) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SegmentSize(String segmentName, long customerCount, String description) {
    }

    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SegmentList(List<SegmentSize> segments, OffsetDateTime calculatedAt) {
    }
}
