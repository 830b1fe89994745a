package io.customer360.enrichment.client.provider.person;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** People Data Labs Person Enrichment API ({@code GET /v5/person/enrich}, key in {@code X-Api-Key}). */
@RegisterRestClient(configKey = "people-data-labs")
@Path("/v5/person/enrich")
interface PeopleDataLabsApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> enrich(
            @HeaderParam("X-Api-Key") String apiKey,
            @QueryParam("email") String email,
            @QueryParam("name") String name,
            @QueryParam("company") String company,
            @QueryParam("min_likelihood") int minLikelihood);
}
