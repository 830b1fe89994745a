package io.customer360.aggregator.client;

import io.customer360.common.api.Page;
import io.customer360.common.contract.profile.SearchResults;
import io.customer360.common.contract.profile.TimelineEvent;
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
 * profile-service's timeline and search, called with the caller's own token ({@link OutboundCredentials}) so
 * profile-service checks tenant and roles (and redacts sensitive entries for callers without {@code c360.sensitive}). A null query parameter is left out.
 */
// A bulkhead per method: at most this many calls in flight and waiting, beyond that a call fails at once (503) instead
// of queueing without bound behind a slow service; the timeout bounds connect, queue and read together (the client's
// connect and read timeouts are 1 s each).
@Bulkhead(value = 32, waitingTaskQueue = 128)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "profile")
@RegisterProvider(OutboundCredentials.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileTimelineApi {

    @GET
    @Path("/customers/{id}/timeline")
    Uni<Page<TimelineEvent>> timeline(
            @PathParam("id") String id,
            @QueryParam("type") String type,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor);

    @GET
    @Path("/search")
    Uni<SearchResults> search(@QueryParam("q") String query, @QueryParam("limit") Integer limit);
}
