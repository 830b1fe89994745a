package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/security}: MFA/SSO settings, audit, sign-ins and suspicious activity; times in UTC. */
@RegisterForReflection
@Schema(name = "SecuritySection", description = "Security context of one customer")
public record SecuritySection(
        @Schema(required = true, nullable = true) Boolean mfaEnabled,
        @Schema(required = true, nullable = true) Boolean ssoEnabled,
        @Schema(required = true, nullable = true) String ssoProvider,

        @Schema(required = true, nullable = true, description = "0 to 100")
        BigDecimal complianceScore,

        @Schema(required = true, nullable = true) String lastAuditAt,
        @Schema(required = true, nullable = true) Boolean auditPassed,
        @Schema(required = true) long failedLoginsLast30Days,
        @Schema(required = true) long loginsLast30Days,
        @Schema(required = true) long suspiciousActivitiesLast30Days,

        @Schema(required = true, nullable = true, description = "Within the last 90 days")
        String lastSuspiciousActivityAt,

        @Schema(required = true, description = "The 10 most recent")
        List<SuspiciousActivity> recentSuspiciousActivities,

        @Schema(required = true) String customerId) {

    @Schema(name = "SecuritySuspiciousActivity")
    public record SuspiciousActivity(
            @Schema(required = true) String eventId,
            @Schema(required = true) String occurredAt,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "Null when sensitive and the caller lacks c360.sensitive")
            String description,

            @Schema(required = true, nullable = true, description = "As the event reported it")
            String severity) {}
}
