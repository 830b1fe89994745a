package io.customer360.common.contract.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code GET /api/v1/customers/{id}/support}: ticket counts, first response and resolution times, CSAT, open and recently resolved tickets and common categories. */
@RegisterForReflection
@Schema(name = "SupportSection", description = "Support history of one customer")
public record SupportSection(
        @Schema(required = true) long totalTickets,
        @Schema(required = true) long openTickets,
        @Schema(required = true) long ticketsLast90Days,
        @Schema(required = true) long openEscalations,

        @Schema(required = true, nullable = true, description = "Over resolved tickets, 2 decimals")
        BigDecimal averageResolutionHours,

        @Schema(
                required = true,
                nullable = true,
                description = "Over tickets with a first response: first_response_at - opened_at, 2 decimals")
        BigDecimal averageFirstResponseHours,

        @Schema(required = true) Csat csat,
        @Schema(required = true) OpenByPriority openByPriority,

        @Schema(required = true, description = "Open tickets, most urgent first (at most 50)")
        List<Ticket> open,

        @Schema(
                required = true,
                description =
                        "Tickets resolved or closed in the last 30 days, most recently changed first (at most 50)")
        List<Ticket> recentlyResolved,

        @Schema(required = true, description = "The 5 categories with most tickets")
        List<CategoryCount> commonCategories,

        @Schema(required = true) String customerId) {

    @Schema(name = "SupportCsat")
    public record Csat(
            @Schema(required = true, nullable = true, description = "2 decimals")
            BigDecimal average,

            @Schema(required = true) long responses) {}

    @Schema(name = "SupportOpenByPriority")
    public record OpenByPriority(
            @JsonProperty("P1") @Schema(required = true) long p1,
            @JsonProperty("P2") @Schema(required = true) long p2,
            @JsonProperty("P3") @Schema(required = true) long p3,
            @JsonProperty("P4") @Schema(required = true) long p4) {

        /** The open tickets of {@code priority} (P1 to P4); 0 for any other. */
        public long of(String priority) {
            return switch (priority) {
                case "P1" -> p1;
                case "P2" -> p2;
                case "P3" -> p3;
                case "P4" -> p4;
                default -> 0;
            };
        }
    }

    @Schema(name = "SupportCategoryCount")
    public record CategoryCount(
            @Schema(required = true, nullable = true) String category,
            @Schema(required = true) long tickets) {}
}
