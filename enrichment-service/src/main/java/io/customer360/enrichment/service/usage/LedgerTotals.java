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
        String tenant,
        String month,
        boolean closed,
        @Schema(nullable = true) OffsetDateTime closedAt,
        @Schema(description = "Lines in the month") long lines,

        @Schema(description = "Net units of quota (enrichments charged minus refunded)")
        long units,

        @Schema(description = "Net amount of the lines") BigDecimal cost,
        @Schema(description = "Amount of the charged lines") BigDecimal chargedCost,

        @Schema(description = "Amount of the refund lines (zero or negative)")
        BigDecimal refundedCost,

        String currency,
        List<ProviderTotal> providers) {

    /** One provider's share of the month. */
    @RegisterForReflection
    @Schema(name = "LedgerProviderTotal")
    public record ProviderTotal(String provider, long lines, BigDecimal cost) {}
}
