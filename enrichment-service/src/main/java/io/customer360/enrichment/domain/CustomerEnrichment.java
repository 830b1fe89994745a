package io.customer360.enrichment.domain;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What enrichment knows about a customer. A customer never enriched has {@code enriched=false}, no fields and a
 * null {@code lastEnrichedAt}: an honest empty state, not invented data.
 */
public record CustomerEnrichment(String customerId, boolean enriched, List<EnrichmentField> fields, OffsetDateTime lastEnrichedAt) {
}
