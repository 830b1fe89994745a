package io.customer360.enrichment.service.usage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A ledger month's totals: the sums of its lines, and whether the month is closed (then they never change). */
@RegisterForReflection
@Schema(name = "LedgerTotals")
public record LedgerTotals(
        @Schema(required = true) String tenant,
        @Schema(required = true) String month,
        @Schema(required = true) boolean closed,
        @Schema(nullable = true) OffsetDateTime closedAt,

        @Schema(required = true, description = "Lines in the month")
        long lines,

        @Schema(required = true, description = "Net units of quota (enrichments charged minus refunded)")
        long units,

        @Schema(required = true, description = "Net amount of the lines")
        BigDecimal cost,

        @Schema(required = true, description = "Amount of the charged lines")
        BigDecimal chargedCost,

        @Schema(required = true, description = "Amount of the refund lines (zero or negative)")
        BigDecimal refundedCost,

        @Schema(required = true) String currency,
        @Schema(required = true) List<ProviderTotal> providers) {

    /** One provider's share of the month. */
    @RegisterForReflection
    @Schema(name = "LedgerProviderTotal")
    public record ProviderTotal(
            @Schema(required = true) String provider,
            @Schema(required = true) long lines,
            @Schema(required = true) BigDecimal cost) {}
}
