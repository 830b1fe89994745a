package io.customer360.enrichment.client;

import io.customer360.common.contract.profile.Customer;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** profile-service's customer API, called with the caller's token so profile-service enforces tenant and roles. */
// At most 256 calls in flight and 1,024 waiting (a burst of 200 refreshes on two cores must all reach the quota check:
// with 64 in flight QuotaExactnessTest saw some refused); beyond that a call fails at once (503) instead of queueing
// without bound behind a slow profile-service. Each call is bounded by the client's connect (1 s) and read (2 s)
// timeouts, so a
// waiting call is too; no shorter overall timeout: a burst of refreshes on a small machine must reach the quota check.
@Bulkhead(value = 256, waitingTaskQueue = 1024)
@RegisterRestClient(configKey = "profile")
@AccessToken
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileIdentityApi {

    @GET
    @Path("/{id}")
    Uni<Customer> customer(@PathParam("id") String id);
}
