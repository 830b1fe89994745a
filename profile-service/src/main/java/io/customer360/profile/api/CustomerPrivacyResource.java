package io.customer360.profile.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.profile.domain.CustomerExport;
import io.customer360.profile.service.ErasurePublisher;
import io.customer360.profile.service.ErasurePurge;
import io.customer360.profile.store.CustomerErasure;
import io.customer360.profile.store.CustomerQueries;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Privacy: export everything held about a customer, and erase it here and, through customer.erased, everywhere. */
@Path("/api/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Privacy")
public class CustomerPrivacyResource {

    /** Exports are bounded so one request cannot exhaust memory; a larger history is exported in full by paging the timeline. */
    private static final int MAX_EXPORT_ROWS = 100_000;

    private final CustomerQueries queries;
    private final CustomerErasure erasure;
    private final ErasurePublisher erasures;
    private final ErasurePurge purge;
    private final TenantContext tenant;
    private final SecurityIdentity identity;

    CustomerPrivacyResource(
            CustomerQueries queries,
            CustomerErasure erasure,
            ErasurePublisher erasures,
            ErasurePurge purge,
            TenantContext tenant,
            SecurityIdentity identity) {
        this.queries = queries;
        this.erasure = erasure;
        this.erasures = erasures;
        this.purge = purge;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @Path("/export")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            operationId = "exportCustomer",
            summary = "Everything held about a customer",
            description = "Role: c360.admin. Profile, identities, the "
                    + "whole timeline, every read-model record, purchases, possible-duplicate links, merges and parked events, "
                    + "as JSON (timeline, records and purchases up to 100,000 each). Sensitive notes and entries are redacted "
                    + "like everywhere else unless the caller also has c360.sensitive; `sensitiveIncluded` says which export "
                    + "this is (a complete one for a data subject needs c360.sensitive).")
    public Uni<CustomerExport> export(@PathParam("id") String id) {
        String tenantId = tenant.tenant();
        CustomerIds.require(id);
        boolean maySeeSensitive = identity.hasRole(Roles.SENSITIVE);
        return queries.customer(tenantId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("Customer", id))
                .flatMap(customer -> Uni.combine()
                        .all()
                        .unis(
                                queries.identities(tenantId, id),
                                queries.timeline(
                                        tenantId,
                                        id,
                                        CustomerQueries.TimelineFilter.everything(maySeeSensitive),
                                        null,
                                        MAX_EXPORT_ROWS),
                                queries.records(tenantId, id, MAX_EXPORT_ROWS, maySeeSensitive),
                                queries.purchases(tenantId, id, null, MAX_EXPORT_ROWS),
                                queries.links(tenantId, id),
                                queries.merges(tenantId, id),
                                queries.parkedEvents(tenantId, id, maySeeSensitive))
                        .with((identities, timeline, records, purchases, links, merges, parked) -> new CustomerExport(
                                Instant.now(),
                                maySeeSensitive,
                                customer,
                                identities,
                                timeline,
                                records,
                                purchases,
                                links,
                                merges,
                                parked)));
    }

    @DELETE
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            operationId = "eraseCustomer",
            summary = "Erase a customer",
            description = "Role: c360.admin. Deletes the customer from every table of "
                    + "profile-service (profile, identities, aliases, timeline, records, purchases, links, merges, parked events) in one transaction, announces customer.erased.{tenant}.{customer_id} and purges the customer's "
                    + "messages from NATS (normalized events and profile.changed: only the customer.erased tombstone stays); the other "
                    + "services erase their share on customer.erased (ingest-service purges the customer's raw events and dead letters "
                    + "and keeps a tombstone against replays). "
                    + "204; 404 when there is no such customer.")
    public Uni<Void> erase(@PathParam("id") String id) {
        String tenantId = tenant.tenant();
        CustomerIds.require(id);
        return erasure.erase(tenantId, id, identity.getPrincipal().getName())
                .invoke(erased -> {
                    if (!erased) {
                        throw ProblemException.notFound("Customer", id);
                    }
                    Log.infof("Erased customer %s of tenant %s", id, tenantId);
                })
                // announce now; if NATS is down, the scheduled outbox run announces it later
                .call(() -> erasures.publishPending().onFailure().recoverWithNull())
                // and purge what NATS holds of the customer; if NATS is down, the scheduled run purges it later
                .call(() -> purge.purgePending().onFailure().recoverWithNull())
                .replaceWithVoid();
    }
}
