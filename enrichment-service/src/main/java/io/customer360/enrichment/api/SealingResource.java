package io.customer360.enrichment.api;

import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.store.Resealer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Key rotation of the caller's tenant (docs/sealing-keys.md): how many of its stored values each sealing key seals,
 * and a re-sealing batch on demand. Every tenant is also re-sealed in the background; this lets an admin or operator
 * follow it, or finish a tenant before a key is dropped.
 */
@Path("/api/v1/enrichment/sealing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class SealingResource {

    /** {@code remaining}: values under other keys than {@code currentKey}; {@code resealed}: by this call. */
    @RegisterForReflection
    public record SealingProgress(String currentKey, Map<String, Long> valuesByKey, long remaining, int resealed) {

        static SealingProgress of(Resealer.Progress progress) {
            return new SealingProgress(
                    progress.currentKey(), progress.valuesByKey(), progress.remaining(), progress.resealed());
        }
    }

    private final Resealer resealer;
    private final TenantContext tenant;

    SealingResource(Resealer resealer, TenantContext tenant) {
        this.resealer = resealer;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(
            operationId = "getSealingProgress",
            summary = "The tenant's stored values by sealing key",
            description = "Role: c360.admin, or c360.operator naming the tenant. Key ids only, never keys.")
    public Uni<SealingProgress> progress() {
        return resealer.progress(tenant.tenant()).map(SealingProgress::of);
    }

    @POST
    @Path("/reseal")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(
            operationId = "resealEnrichment",
            summary = "Re-seal a batch of the tenant's values with the current key",
            description = "Role: c360.admin, or c360.operator naming the tenant. Call again while remaining > 0.")
    public Uni<SealingProgress> reseal() {
        return resealer.resealBatch(tenant.tenant()).map(SealingProgress::of);
    }
}
