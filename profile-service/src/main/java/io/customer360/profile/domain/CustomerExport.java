package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.profile.Customer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything profile-service holds about one customer (GDPR access and portability): the profile, identities, the
 * whole timeline, every read-model record, purchases, possible-duplicate links, merges and parked events. Sensitive
 * notes and entries are in it only for a caller with c360.sensitive ({@code sensitiveIncluded}); for others they are
 * redacted as on every other surface.
 */
public record CustomerExport(
        Instant exportedAt,
        boolean sensitiveIncluded,
        Customer customer,
        List<Map<String, String>> identities,
        List<TimelineEvent> timeline,
        List<ObjectNode> records,
        List<Purchase> purchases,
        List<Map<String, Object>> links,
        List<Map<String, Object>> merges,
        List<Map<String, Object>> parkedEvents) {}
