package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/sales}: the open pipeline, deals, pending quotes, recent sales activities and feature requests. */
@RegisterForReflection
@Schema(name = "SalesSection", description = "Sales pipeline of one customer")
public record SalesSection(
        @Schema(required = true) long openDeals,

        @Schema(required = true, description = "Sum of the open deals' amounts")
        BigDecimal pipelineValue,

        @Schema(required = true, description = "Open deals by stage")
        Map<String, Long> openByStage,

        @Schema(required = true, description = "The 50 most recently changed deals")
        List<Deal> deals,

        @Schema(required = true) List<Quote> pendingQuotes,

        @Schema(required = true, description = "The 10 latest")
        List<Activity> recentActivities,

        @Schema(
                required = true,
                description =
                        "Features the customer asked for (feature_requested) in the last 365 days, most asked first")
        List<FeatureRequest> featureRequests,

        @Schema(required = true) String customerId) {

    /** A feature the customer asked for: how often and when last, with the newest request events (at most 5). */
    @Schema(name = "SalesFeatureRequest")
    public record FeatureRequest(
            @Schema(required = true) String feature,
            @Schema(required = true) long requests,
            @Schema(required = true, description = "UTC") String lastRequestedAt,

            @Schema(required = true, description = "The newest request events, newest first (at most 5)")
            List<String> eventIds) {}

    /** A sales call, email or demo; {@code data} is the event's own payload, as the partner sent it. */
    @Schema(name = "SalesActivity")
    public record Activity(
            @Schema(required = true) String eventId,
            @Schema(required = true, description = "UTC") String occurredAt,

            @Schema(
                    required = true,
                    nullable = true,
                    description = "Null when sensitive and the caller lacks c360.sensitive")
            String title,

            @Schema(
                    required = true,
                    ref = "JsonNode",
                    description = "The event's data; null when sensitive and the caller lacks c360.sensitive")
            JsonNode data) {}
}
