package io.customer360.aggregator.api;

import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.service.Customer360Service;
import io.customer360.aggregator.store.AccessAudit;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The 360 view of a customer. Every authorized access to a possible customer id is audited, including the ones that
 * find nothing (404) or fail upstream (503).
 */
@Path("/api/v1/customer-360/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer 360")
@RolesAllowed(Roles.VIEWER)
public class Customer360Resource {

    private final Customer360Service service;
    private final AccessAudit audit;
    private final TenantContext tenant;
    private final SecurityIdentity identity;

    Customer360Resource(Customer360Service service, AccessAudit audit, TenantContext tenant, SecurityIdentity identity) {
        this.service = service;
        this.audit = audit;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The 360 view of a customer", description = "Role: c360.viewer. The seed's response format; "
            + "sections that cannot be built are null and `sections` says why.")
    public Uni<Customer360> get(@PathParam("id") String id) {
        String caller = identity.getPrincipal().getName();
        String tenantId = tenant.tenant();
        CustomerIds.require(id);
        return service.view(id)
                .call(view -> audit.record(tenantId, id, caller, "360", view == null ? 404 : 200))
                .onFailure(ProblemException.class).call(failure ->
                        audit.record(tenantId, id, caller, "360", ((ProblemException) failure).problem().status()))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id));
    }
}
