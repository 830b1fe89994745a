package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A support ticket (kind ticket); a field no event reported is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
// records stored under an earlier catalog may hold fields no longer read: they are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@Schema(name = "Ticket", description = "A support ticket (kind ticket); a field no event reported is absent")
public record Ticket(
        @Schema(required = true) String id,
        String title,
        String status,
        @Schema(description = "P1 to P4") String priority,
        String category,
        @Schema(description = "1 to 5") BigDecimal csat,
        Boolean escalated,
        String assignee,
        String channel,
        @Schema(description = "UTC") String openedAt,

        @Schema(
                description =
                        "UTC; when the customer first got an answer from support (the event catalog's first_response_at)")
        String firstResponseAt,

        @Schema(description = "UTC") String escalatedAt,
        @Schema(description = "UTC") String resolvedAt,
        @Schema(required = true, description = "UTC") String firstSeenAt,
        @Schema(required = true, description = "UTC") String lastChangedAt,

        @Schema(required = true, description = "The events its current values come from, newest first")
        List<String> eventIds)
        implements StoredRecord {}
