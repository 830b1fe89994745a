package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/usage}: sessions, features used and unused, daily active users; times in UTC. */
@RegisterForReflection
@Schema(name = "UsageSection", description = "Product usage of one customer")
public record UsageSection(
        @Schema(required = true) long sessionsLast30Days,
        @Schema(required = true) long sessionsPrevious30Days,

        @Schema(
                required = true,
                nullable = true,
                enumeration = {"up", "down", "stable"})
        String sessionTrend,

        @Schema(required = true, nullable = true, description = "1 decimal")
        BigDecimal averageSessionMinutes,

        @Schema(required = true) long activeUsersLast30Days,

        @Schema(required = true, nullable = true, description = "Within the last 60 days")
        String lastSessionAt,

        @Schema(required = true, nullable = true) String lastSessionEventId,

        @Schema(required = true, description = "Features used in the last 90 days, most used first")
        List<FeatureUse> features,

        @Schema(required = true, description = "Entitled by the subscription, unused for 90 days")
        List<String> unusedEntitledFeatures,

        @Schema(required = true, description = "The 60 newest reported days, newest first")
        List<DailyActiveUsers> dailyActiveUsers,

        @Schema(
                required = true,
                description =
                        "People seen by their `user_id` in `session`, `feature_used` and `login` events, over UTC "
                                + "days ending today (docs/view-fields.md#usage)")
        Users users,

        @Schema(required = true) String customerId) {

    /** Distinct {@code user_id}s of the user-level usage events (session, feature_used, login) by UTC day windows. */
    @Schema(name = "UsageUsers")
    public record Users(
            @Schema(required = true, description = "Distinct users on the 7 UTC days ending today")
            long last7Days,

            @Schema(required = true, description = "Distinct users on the 30 UTC days ending today")
            long last30Days,

            @Schema(required = true, description = "Distinct users on the 30 UTC days before those")
            long previous30Days,

            @Schema(required = true, description = "Users active on at least 12 of the 30 UTC days ending today")
            long powerUsers,

            @Schema(
                    required = true,
                    description = "Users active in the 60 UTC days ending today but on none of the last 14")
            long atRiskUsers,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "Distinct features (`feature_used`) per user active in the last 30 days, 2 decimals; "
                            + "null without active users")
            BigDecimal featuresPerUser,

            @Schema(required = true, description = "Distinct users per UTC day of the last 60 with any, newest first")
            List<DailyUsers> daily) {}

    @Schema(name = "UsageDailyUsers")
    public record DailyUsers(
            @Schema(required = true, description = "UTC date, yyyy-MM-dd")
            String date,

            @Schema(required = true) long users) {}

    @Schema(name = "UsageFeature")
    public record FeatureUse(
            @Schema(required = true, nullable = true) String feature,
            @Schema(required = true) BigDecimal usesLast90Days,
            @Schema(required = true) long users,
            @Schema(required = true, nullable = true) String lastUsedAt) {}
}
