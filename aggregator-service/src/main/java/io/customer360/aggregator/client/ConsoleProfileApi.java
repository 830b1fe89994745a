package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSummary;
import io.customer360.common.contract.profile.DashboardMetrics;
import io.customer360.common.contract.profile.OrganizationSummary;
import io.customer360.common.contract.profile.SearchResults;
import io.customer360.common.contract.profile.SegmentList;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.TimelineEvent;
import io.customer360.common.contract.profile.UsageSection;
import io.quarkus.oidc.token.propagation.common.AccessToken;
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
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The parts of profile-service the console shows, called with the signed-in person's access token (from the session)
 * so profile-service checks tenant and roles and redacts sensitive notes itself. A null query parameter is left out.
 * Each answer is read as its record of common's {@code contract.profile}, the type profile-service answers with.
 */
// A bulkhead per method: at most this many calls in flight and waiting, beyond that a call fails at once (the panel
// says unavailable) instead
// of queueing without bound behind a slow service; the timeout bounds connect, queue and read together (the client's
// connect and read timeouts are 1 s each).
@Bulkhead(value = 32, waitingTaskQueue = 128)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "profile")
@AccessToken
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsoleProfileApi {

    @GET
    @Path("/customers")
    Uni<Page<CustomerSummary>> customers(
            @QueryParam("q") String query,
            @QueryParam("segment") String segment,
            @QueryParam("healthBand") String healthBand,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor);

    @GET
    @Path("/customers/{id}")
    Uni<Customer> customer(@PathParam("id") String id);

    @GET
    @Path("/customers/{id}/contacts")
    Uni<ContactsSection> contacts(@PathParam("id") String id);

    @GET
    @Path("/customers/{id}/subscription")
    Uni<SubscriptionSection> subscription(@PathParam("id") String id);

    @GET
    @Path("/customers/{id}/support")
    Uni<SupportSection> support(@PathParam("id") String id);

    @GET
    @Path("/customers/{id}/usage")
    Uni<UsageSection> usage(@PathParam("id") String id);

    @GET
    @Path("/customers/{id}/timeline")
    Uni<Page<TimelineEvent>> timeline(
            @PathParam("id") String id,
            @QueryParam("type") String type,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor);

    @GET
    @Path("/search")
    Uni<SearchResults> search(@QueryParam("q") String query, @QueryParam("limit") Integer limit);

    @GET
    @Path("/analytics/organization/summary")
    Uni<OrganizationSummary> organizationSummary(@QueryParam("days") Integer days);

    @GET
    @Path("/analytics/dashboard/metrics")
    Uni<DashboardMetrics> dashboardMetrics();

    @GET
    @Path("/analytics/segments")
    Uni<SegmentList> segments();
}
