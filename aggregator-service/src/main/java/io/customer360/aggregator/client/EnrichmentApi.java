package io.customer360.aggregator.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** enrichment-service's cached enrichment (never calls a provider), with the caller's token. */
@RegisterRestClient(configKey = "enrichment")
@AccessToken
@Path("/api/v1/enrichment/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
interface EnrichmentApi {

    @GET
    Uni<JsonNode> cached(@PathParam("id") String id);
}
