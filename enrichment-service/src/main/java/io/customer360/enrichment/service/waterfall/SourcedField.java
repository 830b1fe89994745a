package io.customer360.enrichment.service.waterfall;

import io.customer360.enrichment.domain.FoundField;
import java.math.BigDecimal;

/** A found value with the provider that said it, its confidence (0-1) and the cost of the call that found it. */
public record SourcedField(FoundField found, String provider, double confidence, BigDecimal cost) {}
