package io.customer360.aggregator.client;

import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * enrichment-service's cached enrichment (never calls a provider), with the caller's token, or the aggregator's own in
 * background work ({@link OutboundCredentials}).
 */
// A bulkhead per method: at most this many calls in flight and waiting, beyond that a call fails at once (503) instead
// of queueing without bound behind a slow service; the timeout bounds connect, queue and read together (the client's
// connect and read timeouts are 1 s each).
@Bulkhead(value = 64, waitingTaskQueue = 256)
@Timeout(value = 2, unit = ChronoUnit.SECONDS)
@RegisterRestClient(configKey = "enrichment")
@RegisterProvider(OutboundCredentials.class)
@Path("/api/v1/enrichment/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
interface EnrichmentApi {

    @GET
    Uni<CustomerEnrichment> cached(@PathParam("id") String id);
}
