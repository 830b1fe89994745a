package io.customer360.profile.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One purchase of a customer (seed: purchase events). */
public record Purchase(
        String id,
        String eventId,
        String productName,
        String productSku,
        Integer quantity,
        BigDecimal price,
        BigDecimal total,
        OffsetDateTime purchasedAt,
        OffsetDateTime warrantyExpires) {}
