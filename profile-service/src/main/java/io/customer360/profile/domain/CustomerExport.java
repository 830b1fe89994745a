package io.customer360.profile.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.TimelineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Everything profile-service holds about one customer (GDPR access and portability): the profile, identities, the
 * whole timeline, every read-model record, purchases, possible-duplicate links, merges and parked events. Sensitive
 * notes and entries are in it only for a caller with c360.sensitive ({@code sensitiveIncluded}); for others they are
 * redacted as on every other surface.
 */
public record CustomerExport(
        @Schema(required = true) Instant exportedAt,
        @Schema(required = true) boolean sensitiveIncluded,
        @Schema(required = true) Customer customer,
        @Schema(required = true) List<Map<String, String>> identities,
        @Schema(required = true) List<TimelineEvent> timeline,
        @Schema(required = true) List<ObjectNode> records,
        @Schema(required = true) List<Purchase> purchases,
        @Schema(required = true) List<Map<String, Object>> links,
        @Schema(required = true) List<Map<String, Object>> merges,
        @Schema(required = true) List<Map<String, Object>> parkedEvents) {}
