package io.customer360.aggregator.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.common.contract.enrichment.Quota;
import io.quarkus.oidc.token.propagation.common.AccessToken;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * enrichment-service for the console's enrichment panel, with the signed-in person's access token: the cached
 * enrichment, the tenant's quota, and a refresh (c360.editor, checked by enrichment-service). Its own configuration
 * key, {@code console-enrichment}: a refresh runs the providers' waterfalls and needs a longer read timeout than the
 * view's cached reads.
 */
// A bulkhead per method (calls in flight and waiting; beyond that a call fails at once); the timeout bounds connect,
// queue and read together. A refresh runs paid provider waterfalls for up to 20 s: few at a time, and a longer bound.
@Bulkhead(value = 32, waitingTaskQueue = 128)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "console-enrichment")
@AccessToken
@Path("/api/v1/enrichment")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsoleEnrichmentApi {

    @GET
    @Path("/customers/{id}")
    Uni<CustomerEnrichment> cached(@PathParam("id") String id);

    @POST
    @Path("/customers/{id}/refresh")
    @Bulkhead(value = 4, waitingTaskQueue = 16)
    @Timeout(value = 25, unit = ChronoUnit.SECONDS)
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<CustomerEnrichment> refresh(@PathParam("id") String id, JsonNode body);

    @GET
    @Path("/quota")
    Uni<Quota> quota();
}
