package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSections;
import io.customer360.common.contract.profile.CustomerSummary;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * profile-service's customer API, called with the caller's own token so profile-service checks tenant and roles
 * (and redacts sensitive notes for callers without {@code c360.sensitive}); by background rescoring (and its account
 * discovery, the only reader of the list) with the aggregator's own token and the tenant ({@link OutboundCredentials}).
 */
// A bulkhead per method: at most this many calls in flight and waiting, beyond that a call fails at once (503) instead
// of queueing without bound behind a slow service; the timeout bounds connect, queue and read together (the client's
// connect and read timeouts are 1 s each).
@Bulkhead(value = 64, waitingTaskQueue = 256)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "profile")
@RegisterProvider(OutboundCredentials.class)
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileApi {

    /** One page of the tenant's customers, ordered by id; {@code cursor} null for the first. */
    @GET
    Uni<Page<CustomerSummary>> customers(@QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/{id}")
    Uni<Customer> customer(@PathParam("id") String id);

    @GET
    @Path("/{id}/subscription")
    Uni<SubscriptionSection> subscription(@PathParam("id") String id);

    @GET
    @Path("/{id}/support")
    Uni<SupportSection> support(@PathParam("id") String id);

    @GET
    @Path("/{id}/engagement")
    Uni<EngagementSection> engagement(@PathParam("id") String id);

    @GET
    @Path("/{id}/usage")
    Uni<UsageSection> usage(@PathParam("id") String id);

    @GET
    @Path("/{id}/sales")
    Uni<SalesSection> sales(@PathParam("id") String id);

    @GET
    @Path("/{id}/security")
    Uni<SecuritySection> security(@PathParam("id") String id);

    @GET
    @Path("/{id}/contacts")
    Uni<ContactsSection> contacts(@PathParam("id") String id);

    @GET
    @Path("/{id}/success")
    Uni<SuccessSection> success(@PathParam("id") String id);

    @GET
    @Path("/{id}/notes")
    Uni<Page<Note>> notes(@PathParam("id") String id, @QueryParam("limit") int limit);

    /** The customer and the named parts in one answer ({@code include} comma-separated). */
    @GET
    @Path("/{id}/sections")
    Uni<CustomerSections> sections(
            @PathParam("id") String id,
            @QueryParam("include") String include,
            @QueryParam("notesLimit") int notesLimit);
}
