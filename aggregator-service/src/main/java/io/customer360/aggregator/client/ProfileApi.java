package io.customer360.aggregator.client;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** profile-service's customer API, called with the caller's own token so profile-service checks tenant and roles. */
@RegisterRestClient(configKey = "profile")
@AccessToken
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileApi {

    @GET
    @Path("/{id}")
    Uni<ProfileCustomer> customer(@PathParam("id") String id);
}
