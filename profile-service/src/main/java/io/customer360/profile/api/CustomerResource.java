package io.customer360.profile.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.profile.domain.Customer;
import io.customer360.profile.domain.Purchase;
import io.customer360.profile.domain.TimelineEvent;
import io.customer360.profile.store.CustomerQueries;
import io.customer360.profile.store.CustomerQueries.PurchasePosition;
import io.customer360.profile.store.CustomerQueries.TimelinePosition;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customer profiles and their timelines. Another tenant's customer answers 404, exactly like a missing one. */
@Path("/api/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
@RolesAllowed(Roles.VIEWER)
public class CustomerResource {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final CustomerQueries queries;
    private final TenantContext tenant;

    CustomerResource(CustomerQueries queries, TenantContext tenant) {
        this.queries = queries;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "A customer's profile", description = "Role: c360.viewer.")
    public Uni<Customer> get(@PathParam("id") String id) {
        return existing(id);
    }

    @GET
    @Path("/timeline")
    @Operation(summary = "A customer's timeline, newest first",
            description = "Role: c360.viewer. Filter with `type` (an event type); page with `limit` and `cursor`.")
    public Uni<Page<TimelineEvent>> timeline(@PathParam("id") String id, @QueryParam("type") String type,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        if (type != null && !EVENT_TYPE.matcher(type).matches()) {
            throw ProblemException.invalid("type", "must be an event type (snake_case)");
        }
        int size = Page.limit(limit);
        TimelinePosition after = Cursors.decode(cursor, TimelinePosition::new);
        return existing(id)
                .flatMap(customer -> queries.timeline(tenant.tenant(), id, type, after, size + 1))
                .map(items -> Page.of(items, size, last -> Cursors.encode(last.occurredAt(), last.eventId())));
    }

    @GET
    @Path("/purchases")
    @Operation(summary = "A customer's purchases, newest first",
            description = "Role: c360.viewer. Page with `limit` and `cursor`.")
    public Uni<Page<Purchase>> purchases(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        PurchasePosition after = Cursors.decode(cursor, PurchasePosition::new);
        return existing(id)
                .flatMap(customer -> queries.purchases(tenant.tenant(), id, after, size + 1))
                .map(items -> Page.of(items, size, last -> Cursors.encode(last.purchasedAt(), last.id())));
    }

    private Uni<Customer> existing(String id) {
        if (!CustomerIds.isValid(id)) {
            return Uni.createFrom().failure(ProblemException.notFound("Customer", id));
        }
        return queries.customer(tenant.tenant(), id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id));
    }
}
