package io.customer360.profile.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything profile-service holds about one customer (GDPR access / portability). */
public record CustomerExport(Instant exportedAt, Customer customer, List<Map<String, String>> identities,
        List<TimelineEvent> timeline, List<Purchase> purchases, List<Map<String, Object>> parkedEvents) {
}
