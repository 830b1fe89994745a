package io.customer360.enrichment.client;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** profile-service's customer API, called with the caller's token so profile-service enforces tenant and roles. */
// At most 32 calls in flight and 128 waiting, beyond that a call fails at once (503) instead of queueing without
// bound behind a slow profile-service; the timeout bounds connect (1 s), queue and read (2 s) together.
@Bulkhead(value = 32, waitingTaskQueue = 128)
@Timeout(value = 3, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "profile")
@AccessToken
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileIdentityApi {

    @GET
    @Path("/{id}")
    Uni<CustomerIdentity> customer(@PathParam("id") String id);
}
