package io.customer360.aggregator.store;

import java.time.OffsetDateTime;

/** One audited access as {@code GET /api/v1/views/audit} lists it. */
public record AuditRecord(
        long id,
        String customerId,
        String subject,
        String agent,
        String purpose,
        String channel,
        int status,
        String redactions,
        OffsetDateTime accessedAt) {}
