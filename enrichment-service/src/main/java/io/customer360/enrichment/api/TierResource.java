package io.customer360.enrichment.api;

import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.domain.Tier;
import io.customer360.enrichment.service.quota.Quotas;
import io.customer360.enrichment.store.TenantTiers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's tenant's enrichment tier (free, pro, enterprise) and whether profile changes enrich automatically. */
@Path("/api/v1/enrichment/tier")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class TierResource {

    /** {@code autoEnrich} absent: unchanged. */
    @RegisterForReflection
    public record TierChange(String tier, Boolean autoEnrich) {}

    @RegisterForReflection
    public record TierView(
            String tier,
            Integer monthlyLimit,
            java.math.BigDecimal monthlyPrice,
            String currency,
            java.util.List<String> dataTypes,
            boolean autoEnrich) {}

    private final TenantTiers tiers;
    private final Quotas quotas;
    private final TenantContext tenant;

    TierResource(TenantTiers tiers, Quotas quotas, TenantContext tenant) {
        this.tiers = tiers;
        this.quotas = quotas;
        this.tenant = tenant;
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "setEnrichmentTier",
            summary = "Set the tenant's enrichment tier",
            description = "Role: c360.admin. This month's limit follows at once.")
    public Uni<TierView> set(TierChange change) {
        String tenantId = tenant.tenant();
        Tier tier = tierOf(change);
        return tiers.set(tenantId, tier, change.autoEnrich())
                .call(() -> quotas.tierChanged(tenantId))
                .flatMap(ignored -> tiers.autoEnrich(tenantId))
                .map(autoEnrich -> new TierView(
                        tier.wireName(),
                        tier.monthlyLimit(),
                        tier.monthlyPrice(),
                        Tier.CURRENCY,
                        tier.dataTypes().stream().map(type -> type.wireName()).toList(),
                        autoEnrich));
    }

    /** The tier asked for, or a 400 naming {@code tier}. */
    static Tier tierOf(TierChange change) {
        if (change == null || change.tier() == null) {
            throw ProblemException.invalid("tier", "is required: free, pro or enterprise");
        }
        return Tier.fromWire(change.tier())
                .orElseThrow(() -> ProblemException.invalid("tier", "must be free, pro or enterprise"));
    }
}
