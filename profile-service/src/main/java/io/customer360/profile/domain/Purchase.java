package io.customer360.profile.domain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One purchase of a customer (seed: purchase events). */
public record Purchase(
        @Schema(required = true) String id,
        @Schema(required = true) String eventId,
        @Schema(required = true) String productName,
        String productSku,
        Integer quantity,
        BigDecimal price,
        BigDecimal total,
        @Schema(required = true) OffsetDateTime purchasedAt,
        OffsetDateTime warrantyExpires) {}
