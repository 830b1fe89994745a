package io.customer360.common.contract.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One enriched field with its provenance: which provider said it, how sure, when, until when, at what cost. */
@RegisterForReflection
public record EnrichmentField(
        String dataType,
        String field,
        JsonNode value,
        String provider,
        BigDecimal confidence,
        OffsetDateTime retrievedAt,
        OffsetDateTime expiresAt,
        BigDecimal cost) {}
