package io.customer360.common.contract.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What enrichment knows about a customer ({@code GET /api/v1/enrichment/customers/{id}} and the enrich and refresh
 * answers), in the seed's shape ({@code person}, {@code business}, {@code social}, {@code properties}) plus every field
 * with its provenance. Data types the tenant's tier does not include are absent from both. A customer never enriched
 * has {@code enriched=false}, null sections, no fields and a null {@code lastEnrichedAt}: an honest empty state.
 * {@code fresh} is false once any field has expired; {@code charged} tells whether this answer used a slot of the
 * monthly quota; {@code degraded} lists the providers that gave nothing this time and why.
 */
@RegisterForReflection
public record CustomerEnrichment(
        String customerId,
        boolean enriched,
        boolean fresh,
        boolean charged,
        String tier,
        Map<String, JsonNode> person,
        Map<String, JsonNode> business,
        Social social,
        List<Map<String, Object>> properties,
        List<EnrichmentField> fields,
        OffsetDateTime lastEnrichedAt,
        OffsetDateTime expiresAt,
        List<ProviderFailure> degraded) {

    /** Social profiles found by the person providers, and the one to prefer (LinkedIn, then Twitter, then Facebook). */
    @RegisterForReflection
    public record Social(Map<String, Profile> profiles, String preferred) {}

    @RegisterForReflection
    public record Profile(String url) {}
}
