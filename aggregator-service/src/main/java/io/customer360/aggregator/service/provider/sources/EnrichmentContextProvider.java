package io.customer360.aggregator.service.provider.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.client.EnrichmentClient;
import io.customer360.aggregator.service.provider.ContextProvider;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What enrichment-service holds (person, business, social, properties with provenance). Never triggers an
 * enrichment: reading a view spends no quota. Nothing held is an empty object, not an unknown customer. The view shows
 * it as enrichment-service answered it: read as its contract record, written back as the same JSON tree.
 */
@ApplicationScoped
public class EnrichmentContextProvider implements ContextProvider {

    private final EnrichmentClient enrichment;
    private final ObjectMapper mapper;

    EnrichmentContextProvider(EnrichmentClient enrichment, ObjectMapper mapper) {
        this.enrichment = enrichment;
        this.mapper = mapper;
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
                .map(found -> found == null ? mapper.createObjectNode() : mapper.valueToTree(found));
    }
}
