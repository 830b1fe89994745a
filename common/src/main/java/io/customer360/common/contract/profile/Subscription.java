package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The customer's subscription (kind subscription); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(
        name = "Subscription",
        description = "The customer's subscription (kind subscription); a field no event reported is absent")
public record Subscription(
        @Schema(required = true) String id,
        String subscriptionId,
        String plan,

        @Schema(description = "The plan before the last plan change")
        String previousPlan,

        @Schema(description = "active, cancelled, …") String status,
        String billingCycle,
        BigDecimal mrr,
        BigDecimal arr,
        String currency,
        Integer seatsTotal,
        Integer seatsUsed,
        @Schema(description = "UTC") String startedAt,
        @Schema(description = "UTC") String renewalDate,
        @Schema(description = "UTC") String contractEndDate,

        @Schema(description = "Whether the contract renews itself at its end, as the billing source reports it")
        Boolean autoRenew,

        @Schema(description = "API calls a month the plan includes")
        Integer apiCallsIncluded,

        @Schema(description = "Entitled features") List<String> features,
        String cancelReason,
        @Schema(description = "UTC") String renewedAt,
        @Schema(description = "UTC") String cancelledAt,
        @Schema(description = "UTC") String planChangedAt,

        @Schema(
                description =
                        "Each per-source field's values by source, sorted by source; absent when no field is reported per source")
        Map<String, List<ReportedValue>> sources,

        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
