package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/success}: success-plan milestones and recent customer-success health events. */
@RegisterForReflection
@Schema(name = "SuccessSection", description = "Customer success of one customer")
public record SuccessSection(
        @Schema(required = true) long milestonesCompleted,
        @Schema(required = true) long milestonesAtRisk,

        @Schema(required = true, description = "At most 50, by due date")
        List<Milestone> milestones,

        @Schema(required = true, description = "The 20 most recent")
        List<HealthEvent> healthEvents,

        @Schema(required = true) String customerId) {

    @Schema(name = "SuccessHealthEvent")
    public record HealthEvent(
            @Schema(required = true) String eventId,
            @Schema(required = true, description = "UTC") String occurredAt,
            @Schema(required = true, nullable = true) String signal,
            @Schema(required = true, nullable = true) String severity,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "The CS platform's health score it carried (`score`), as sent")
            BigDecimal score,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "Null when sensitive and the caller lacks c360.sensitive")
            String description) {}
}
