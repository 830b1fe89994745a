package io.customer360.enrichment.service.usage;

import java.math.BigDecimal;

/** A provider call that matched in an enrichment, at the provider's list cost: one ledger line when charged. */
public record ChargedCall(String provider, String dataType, BigDecimal unitCost) {}
