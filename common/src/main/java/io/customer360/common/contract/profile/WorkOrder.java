package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A work order or repair (kind work_order); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "WorkOrder",
        description = "A work order or repair (kind work_order); a field no event reported is absent")
public record WorkOrder(
        @Schema(required = true) String id,
        String orderType,
        String issueDescription,
        String resolution,
        String status,
        @Schema(description = "P1 to P4") String priority,
        String assignedTo,
        String productId,
        BigDecimal cost,
        @Schema(description = "UTC") String createdAt,
        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
