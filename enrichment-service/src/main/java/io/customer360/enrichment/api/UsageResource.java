package io.customer360.enrichment.api;

import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.service.quota.QuotaLedger;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.service.usage.MonthUsage;
import io.customer360.enrichment.service.usage.UsageLedger;
import io.customer360.enrichment.store.TenantTiers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Enrichment usage of the last 12 months, a view over the usage ledger's lines (enrichments = net units, API costs =
 * net cost by provider), with the quota's tier and limit of each month. Billing jobs read the ledger itself
 * ({@link LedgerResource}).
 */
@Path("/api/v1/enrichment/usage")
@Tag(name = "Enrichment")
public class UsageResource {

    @RegisterForReflection
    public record Usage(String tenant, List<MonthUsage> months) {}

    private final UsageLedger ledger;
    private final TenantTiers tiers;
    private final Quotas quotas;
    private final TenantContext tenant;

    UsageResource(UsageLedger ledger, TenantTiers tiers, Quotas quotas, TenantContext tenant) {
        this.ledger = ledger;
        this.tiers = tiers;
        this.quotas = quotas;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.BILLING_READER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getEnrichmentUsage",
            summary = "Enrichment usage of the last 12 months",
            description = "Role: billing.reader. Newest first; summed from the usage ledger's lines.")
    public Uni<Usage> lastTwelveMonths() {
        String tenantId = tenant.tenant();
        YearMonth to = quotas.currentMonth();
        YearMonth from = to.minusMonths(11);
        return Uni.combine()
                .all()
                .unis(tiers.tier(tenantId), quotas.months(tenantId, from, to), ledger.months(tenantId, from, to))
                .asTuple()
                .map(all -> {
                    List<MonthUsage> months = new ArrayList<>();
                    for (YearMonth month = to; !month.isBefore(from); month = month.minusMonths(1)) {
                        QuotaLedger.QuotaMonth quota = all.getItem2().get(month);
                        UsageLedger.MonthLines lines = all.getItem3().get(month);
                        Map<String, BigDecimal> costs = lines == null ? Map.of() : lines.costs();
                        months.add(new MonthUsage(
                                month.toString(),
                                quota == null ? all.getItem1().wireName() : quota.tier(),
                                lines == null ? 0 : Math.toIntExact(lines.units()),
                                quota == null
                                        ? (month.equals(to) ? all.getItem1().monthlyLimit() : null)
                                        : quota.limit(),
                                costs,
                                costs.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
                    }
                    return new Usage(tenantId, months);
                });
    }
}
