package io.customer360.enrichment.api;

import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.enrichment.Quota;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.store.TenantTiers;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's tenant's quota this month, in the seed's shape ({@code current, limit, canEnrich, tier}). */
@Path("/api/v1/enrichment/quota")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class QuotaResource {

    private final Quotas quotas;
    private final TenantTiers tiers;
    private final TenantContext tenant;

    QuotaResource(Quotas quotas, TenantTiers tiers, TenantContext tenant) {
        this.quotas = quotas;
        this.tiers = tiers;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            operationId = "getEnrichmentQuota",
            summary = "This month's enrichment quota",
            description = "Role: c360.viewer.")
    public Uni<Quota> quota() {
        String tenantId = tenant.tenant();
        return tiers.tier(tenantId)
                .flatMap(tier -> quotas.current(tenantId, tier)
                        .map(state -> new Quota(
                                quotas.currentMonth().toString(),
                                state.used(),
                                state.limit(),
                                !state.spent(),
                                tier.wireName(),
                                quotas.resetAt())));
    }
}
