package io.customer360.common.contract.profile;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One line of the customer list ({@code GET /api/v1/customers}). */
@RegisterForReflection
public record CustomerSummary(
        String id,
        String name,
        String email,
        String company,
        String status,
        BigDecimal lifetimeValue,
        BigDecimal healthScore,
        String healthBand,
        String exitState,
        OffsetDateTime updatedAt) {}
