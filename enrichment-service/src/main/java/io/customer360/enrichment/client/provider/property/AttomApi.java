package io.customer360.enrichment.client.provider.property;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ATTOM Property API property detail ({@code GET /propertyapi/v1.0.0/property/detail}, key in {@code apikey}). */
@RegisterRestClient(configKey = "attom")
@Path("/propertyapi/v1.0.0/property/detail")
interface AttomApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> detail(
            @HeaderParam("apikey") String apiKey,
            @QueryParam("address1") String address1,
            @QueryParam("address2") String address2);
}
