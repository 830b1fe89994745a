package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/engagement}: logins, meetings, CSM touchpoints and NPS; times in UTC. */
@RegisterForReflection
@Schema(name = "EngagementSection", description = "Engagement of one customer")
public record EngagementSection(
        @Schema(required = true) long loginsLast30Days,

        @Schema(required = true, nullable = true, description = "Within the last year")
        String lastLoginAt,

        @Schema(required = true, nullable = true) String lastLoginEventId,

        @Schema(
                required = true,
                nullable = true,
                enumeration = {"up", "down", "stable"},
                description = "Against the 30 days before; null with no logins in either")
        String loginTrend,

        @Schema(required = true) long meetingsLast90Days,

        @Schema(required = true, nullable = true, description = "Within the last year")
        String lastMeetingAt,

        @Schema(required = true, nullable = true) String lastMeetingEventId,
        @Schema(required = true) long touchpointsLast90Days,

        @Schema(required = true, nullable = true, description = "Within the last year")
        String lastTouchpointAt,

        @Schema(required = true, nullable = true) String lastTouchpointEventId,
        @Schema(required = true) Nps nps,

        @Schema(required = true, description = "Scheduled meetings still ahead, soonest first")
        List<Meeting> upcomingMeetings,

        @Schema(required = true) String customerId) {

    @Schema(name = "EngagementNps", description = "Net Promoter Score answers of the last year")
    public record Nps(
            @Schema(required = true, nullable = true) BigDecimal latest,
            @Schema(required = true, nullable = true) String latestEventId,

            @Schema(required = true, nullable = true, description = "2 decimals")
            BigDecimal average,

            @Schema(required = true) long responses,

            @Schema(required = true, description = "The 20 newest answers of the last year, newest first")
            List<Answer> answers) {}

    /** One NPS answer: its score and who gave it ({@code respondent} as sent: a contact id, email or name). */
    @Schema(name = "EngagementNpsAnswer")
    public record Answer(
            @Schema(required = true, nullable = true) BigDecimal score,
            @Schema(required = true, nullable = true) String respondent,
            @Schema(required = true, description = "UTC") String answeredAt,
            @Schema(required = true) String eventId) {}
}
