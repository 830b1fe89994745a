package io.customer360.aggregator.client;

import io.customer360.common.api.Upstream;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Reads what enrichment-service holds about a customer; null when it holds nothing. */
@ApplicationScoped
public class EnrichmentClient {

    public static final String SERVICE = "enrichment-service";

    private final EnrichmentApi api;

    EnrichmentClient(@RestClient EnrichmentApi api) {
        this.api = api;
    }

    public Uni<CustomerEnrichment> cached(String id) {
        return Upstream.nullWhenNotFound(api.cached(id), SERVICE);
    }
}
