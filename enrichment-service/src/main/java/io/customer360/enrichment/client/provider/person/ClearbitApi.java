package io.customer360.enrichment.client.provider.person;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * A Clearbit-style combined lookup ({@code GET /v2/combined/find?email=}, bearer key): person and company at once.
 * The whole response, as a 202 (queued) is told apart from a 200 by its status only.
 */
@RegisterRestClient(configKey = "clearbit")
@Path("/v2/combined/find")
interface ClearbitApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> find(@HeaderParam("Authorization") String bearer, @QueryParam("email") String email);
}
