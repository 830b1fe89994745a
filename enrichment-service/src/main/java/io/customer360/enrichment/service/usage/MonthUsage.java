package io.customer360.enrichment.service.usage;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.Map;

/** One month of a tenant's enrichment: charged enrichments, the limit then (null = unlimited), API costs by provider. */
@RegisterForReflection
public record MonthUsage(
        String month,
        String tier,
        int enrichments,
        Integer limit,
        Map<String, BigDecimal> apiCosts,
        BigDecimal totalCost) {}
