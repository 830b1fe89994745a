package io.customer360.profile.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One line of the customer list. */
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
