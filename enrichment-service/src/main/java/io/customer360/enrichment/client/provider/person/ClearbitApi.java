package io.customer360.enrichment.client.provider.person;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** A Clearbit-style combined lookup ({@code GET /v2/combined/find?email=}, bearer key): person and company at once. */
@RegisterRestClient(configKey = "clearbit")
@Path("/v2/combined/find")
interface ClearbitApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> find(@HeaderParam("Authorization") String bearer, @QueryParam("email") String email);
}
