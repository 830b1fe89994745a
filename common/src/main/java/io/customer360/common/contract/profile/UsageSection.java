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

        @Schema(required = true, description = "The 30 newest reported days")
        List<DailyActiveUsers> dailyActiveUsers,

        @Schema(required = true) String customerId) {

    @Schema(name = "UsageFeature")
    public record FeatureUse(
            @Schema(required = true, nullable = true) String feature,
            @Schema(required = true) BigDecimal usesLast90Days,
            @Schema(required = true) long users,
            @Schema(required = true, nullable = true) String lastUsedAt) {}
}
