package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One line of enrichment-service's usage ledger on {@code enrichment.usage.{tenant}.{customer_id}}, for billing and
 * metering outside the mesh: the line as the ledger API shows it, {@code chargeId} its per-tenant, gapless id (and
 * the message's dedup key). {@code units} is 1 on an enrichment's first line, 0 on its others, negated on a refund;
 * {@code refundOf} names the charge a refund corrects (null on a charge); {@code status} is {@code charged} or
 * {@code refunded}; {@code month} and {@code usageMonth} are {@code YYYY-MM}.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnrichmentUsage(
        long chargeId,
        OffsetDateTime occurredAt,
        String tenant,
        String month,
        String customerId,
        long enrichmentId,
        String provider,
        String dataType,
        int units,
        BigDecimal unitCost,
        BigDecimal cost,
        String currency,
        String status,
        Long refundOf,
        String usageMonth) {}
