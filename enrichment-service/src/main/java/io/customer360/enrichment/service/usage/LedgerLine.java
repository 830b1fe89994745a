package io.customer360.enrichment.service.usage;

import io.customer360.common.contract.messages.EnrichmentUsage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One line of the usage ledger, as the API, the export and the {@code enrichment.usage} message ({@link #message()})
 * carry it. A line is a provider call that matched in a charged enrichment; {@code units} is the enrichment's one unit
 * of quota, carried by its first line ({@code enrichmentId} = that line's charge id), so the units of a month are its
 * enrichments. A refund is a line of its own that negates the line named by {@code refundOf}.
 */
@RegisterForReflection
@Schema(name = "LedgerLine", description = "One line of the enrichment usage ledger")
public record LedgerLine(
        @Schema(required = true, description = "Per tenant, gapless, ascending in commit order; the `after` cursor")
        long chargeId,

        @Schema(required = true, description = "When the line was written (UTC)")
        OffsetDateTime occurredAt,

        @Schema(required = true) String tenant,

        @Schema(required = true, description = "Ledger month the line belongs to (YYYY-MM)", example = "2026-11")
        String month,

        @Schema(required = true) String customerId,

        @Schema(required = true, description = "Charge id of the first line of the enrichment this line is part of")
        long enrichmentId,

        @Schema(required = true, example = "people-data-labs")
        String provider,

        @Schema(
                required = true,
                enumeration = {"person", "business", "property"})
        String dataType,

        @Schema(
                required = true,
                description = "Units of quota: 1 on an enrichment's first line, 0 on its others, negated on a refund")
        int units,

        @Schema(required = true, description = "The provider's list cost of one matched call")
        BigDecimal unitCost,

        @Schema(required = true, description = "The line's amount: unitCost, negative on a refund")
        BigDecimal cost,

        @Schema(required = true, example = "USD") String currency,

        @Schema(
                required = true,
                enumeration = {"charged", "refunded"})
        String status,

        @Schema(description = "The charge id a refund line corrects; null on a charge", nullable = true)
        Long refundOf,

        @Schema(
                required = true,
                description = "Month whose quota the unit came from (differs from month on an adjustment)")
        String usageMonth) {

    public static final String CHARGED = "charged";
    public static final String REFUNDED = "refunded";

    /** The line as its {@code enrichment.usage} message, member for member. */
    public EnrichmentUsage message() {
        return new EnrichmentUsage(
                chargeId,
                occurredAt,
                tenant,
                month,
                customerId,
                enrichmentId,
                provider,
                dataType,
                units,
                unitCost,
                cost,
                currency,
                status,
                refundOf,
                usageMonth);
    }
}
