package io.customer360.profile.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A customer profile as the API shows it. Unknown values are null, never invented. */
public record Customer(
        String id,
        String name,
        String email,
        String phone,
        String company,
        String status,
        OffsetDateTime customerSince,
        BigDecimal lifetimeValue,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
