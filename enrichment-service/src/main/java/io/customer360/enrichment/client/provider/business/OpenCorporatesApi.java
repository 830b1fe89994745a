package io.customer360.enrichment.client.provider.business;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** OpenCorporates REST API companies search ({@code GET /v0.4/companies/search?q=}, key as {@code api_token}). */
@RegisterRestClient(configKey = "opencorporates")
@Path("/v0.4/companies/search")
interface OpenCorporatesApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> search(
            @QueryParam("api_token") String apiToken,
            @QueryParam("q") String query,
            @QueryParam("per_page") int perPage);
}
