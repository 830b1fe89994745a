package io.customer360.aggregator.service.provider.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.customer360.aggregator.client.EnrichmentClient;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What enrichment-service holds (person, business, social, properties with provenance). Never triggers an
 * enrichment: reading a view spends no quota. Nothing held is an empty object, not an unknown customer.
 */
@ApplicationScoped
public class EnrichmentContextProvider implements ContextProvider {

    private final EnrichmentClient enrichment;

    EnrichmentContextProvider(EnrichmentClient enrichment) {
        this.enrichment = enrichment;
    }

    @Override
    public String name() {
        return "enrichment";
    }

    @Override
    public String source() {
        return EnrichmentClient.SERVICE;
    }

    @Override
    public Uni<JsonNode> fetch(String customerId) {
        return enrichment
                .cached(customerId)
                .map(found -> found == null ? JsonNodeFactory.instance.objectNode() : found);
    }
}
