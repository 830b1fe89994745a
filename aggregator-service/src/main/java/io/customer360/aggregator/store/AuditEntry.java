package io.customer360.aggregator.store;

import java.time.OffsetDateTime;

/**
 * One access to a customer's 360 data: who, when, which customer, the agent type, the purpose stated in
 * {@code X-Purpose}, the channel (rest, context, mcp), the answer's status and what was redacted for the caller.
 */
public record AuditEntry(
        String tenant,
        String customerId,
        String subject,
        String agent,
        String purpose,
        String channel,
        int status,
        String redactions,
        OffsetDateTime accessedAt) {}
