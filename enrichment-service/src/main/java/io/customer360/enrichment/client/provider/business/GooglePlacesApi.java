package io.customer360.enrichment.client.provider.business;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Google Places Text Search (New): {@code POST /v1/places:searchText}, key and field mask in headers. */
@RegisterRestClient(configKey = "google-places")
@Path("/v1")
interface GooglePlacesApi {

    @POST
    @Path("/places:searchText")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> searchText(
            @HeaderParam("X-Goog-Api-Key") String apiKey,
            @HeaderParam("X-Goog-FieldMask") String fieldMask,
            TextSearch request);

    /** The request body: the query text and how many places to return. */
    @RegisterForReflection
    record TextSearch(String textQuery, int pageSize) {}
}
