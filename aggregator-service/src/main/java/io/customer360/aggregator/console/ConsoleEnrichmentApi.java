package io.customer360.aggregator.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * enrichment-service for the console's enrichment panel, with the signed-in person's access token: the cached
 * enrichment, the tenant's quota, and a refresh (c360.editor, checked by enrichment-service). Its own configuration
 * key, {@code console-enrichment}: a refresh runs the providers' waterfalls and needs a longer read timeout than the
 * view's cached reads.
 */
@RegisterRestClient(configKey = "console-enrichment")
@AccessToken
@Path("/api/v1/enrichment")
@Produces(MediaType.APPLICATION_JSON)
interface ConsoleEnrichmentApi {

    @GET
    @Path("/customers/{id}")
    Uni<JsonNode> cached(@PathParam("id") String id);

    @POST
    @Path("/customers/{id}/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> refresh(@PathParam("id") String id, JsonNode body);

    @GET
    @Path("/quota")
    Uni<JsonNode> quota();
}
