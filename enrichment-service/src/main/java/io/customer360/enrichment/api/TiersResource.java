package io.customer360.enrichment.api;

import io.customer360.common.auth.Roles;
import io.customer360.enrichment.domain.Tier;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tier catalog: each tier's monthly enrichments, monthly price and data types, as the seed lists them. */
@Path("/api/v1/enrichment/tiers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class TiersResource {

    /** One tier of the catalog; {@code monthlyLimit} null: unlimited. */
    @RegisterForReflection
    public record TierOffer(
            String tier, Integer monthlyLimit, BigDecimal monthlyPrice, String currency, List<String> dataTypes) {}

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            operationId = "listEnrichmentTiers",
            summary = "The enrichment tiers and their monthly prices",
            description = "Role: c360.viewer.")
    public List<TierOffer> tiers() {
        return Arrays.stream(Tier.values())
                .map(tier -> new TierOffer(
                        tier.wireName(),
                        tier.monthlyLimit(),
                        tier.monthlyPrice(),
                        Tier.CURRENCY,
                        tier.dataTypes().stream().map(type -> type.wireName()).toList()))
                .toList();
    }
}
