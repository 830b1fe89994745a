package io.customer360.common.contract.enrichment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The caller's tenant's enrichment quota this month ({@code GET /api/v1/enrichment/quota}), in the seed's shape
 * ({@code current, limit, canEnrich, tier}); {@code limit} null: unlimited.
 */
@RegisterForReflection
public record Quota(String month, int current, Integer limit, boolean canEnrich, String tier, Instant resetAt) {}
