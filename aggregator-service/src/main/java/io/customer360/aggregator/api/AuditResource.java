package io.customer360.aggregator.api;

import io.customer360.aggregator.store.AuditQueries;
import io.customer360.aggregator.store.AuditRecord;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.Page;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The 360 access audit of the caller's tenant. */
@Path("/api/v1/views/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer 360")
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    private final AuditQueries audit;
    private final TenantContext tenant;

    AuditResource(AuditQueries audit, TenantContext tenant) {
        this.audit = audit;
        this.tenant = tenant;
    }

    @GET
    @Operation(
            operationId = "listViewAudit",
            summary = "Who accessed which 360 data",
            description = "Role: c360.admin. Newest first: who, when, which "
                    + "customer, agent type, stated purpose (`X-Purpose`), channel (rest, context, mcp), status and what was "
                    + "redacted. Written asynchronously in batches, durable within a second.")
    public Uni<Page<AuditRecord>> list(
            @QueryParam("customerId") String customerId,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        String tenantId = tenant.tenant();
        if (customerId != null) {
            CustomerIds.require(customerId);
        }
        return audit.page(tenantId, customerId, after(cursor), Page.limit(limit));
    }

    /** Where the page starts, null for the first; a 400 naming {@code cursor} for one this API did not issue. */
    static AuditQueries.Position after(String cursor) {
        return Cursors.decode(cursor, (at, id) -> new AuditQueries.Position(at, Long.parseLong(id)));
    }
}
