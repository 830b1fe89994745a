package io.customer360.enrichment.client;

import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** profile-service's customer API, called with the caller's token so profile-service enforces tenant and roles. */
@RegisterRestClient(configKey = "profile")
@AccessToken
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
interface ProfileIdentityApi {

    @GET
    @Path("/{id}")
    Uni<CustomerIdentity> customer(@PathParam("id") String id);
}
