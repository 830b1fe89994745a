package io.customer360.aggregator.service.view;

import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.provider.ProviderOutcome;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.StoredRecord;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import io.customer360.common.nats.NatsTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the span of a 360 view says about it (docs/tracing.md): the tenant, whether it came from the cache, and, for a
 * view built now, {@code c360.event_ids}: the events behind the newest records it shows (profile-service names them
 * in each record's {@code eventIds}), so a partner event's trace leads to the views that showed it.
 */
final class ViewTracing {

    static final AttributeKey<String> CACHE = AttributeKey.stringKey("c360.view.cache");
    /** Event ids named on a view's span: those of the newest records. */
    static final int EVENT_IDS = 10;

    private ViewTracing() {}

    static void built(Span span, String tenant, ProviderResults results) {
        NatsTracing.eventIds(span, tenant, latestEventIds(results, EVENT_IDS));
    }

    /** The event ids of the newest records (by {@code lastChangedAt}) in the providers' answers, newest first. */
    static List<String> latestEventIds(ProviderResults results, int limit) {
        List<StoredRecord> records = new ArrayList<>();
        for (ProviderOutcome outcome : results.all().values()) {
            records.addAll(records(outcome.data()));
        }
        records.sort(
                Comparator.comparing((StoredRecord record) -> Objects.requireNonNullElse(record.lastChangedAt(), ""))
                        .reversed());
        Set<String> ids = new LinkedHashSet<>();
        for (StoredRecord record : records) {
            for (String id : AccountFacts.eventIds(record)) {
                if (ids.size() == limit) {
                    return List.copyOf(ids);
                }
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /** The stored records a provider's answer shows; none in free-form JSON (enrichment). */
    static List<StoredRecord> records(Object data) {
        List<StoredRecord> records = new ArrayList<>();
        if (data instanceof SubscriptionSection subscription) {
            if (subscription.subscription() != null) {
                records.add(subscription.subscription());
            }
            records.addAll(AccountFacts.listOf(subscription.recentInvoices()));
            records.addAll(AccountFacts.listOf(subscription.recentPayments()));
        } else if (data instanceof SupportSection support) {
            records.addAll(AccountFacts.listOf(support.open()));
        } else if (data instanceof UsageSection usage) {
            records.addAll(AccountFacts.listOf(usage.dailyActiveUsers()));
        } else if (data instanceof SalesSection sales) {
            records.addAll(AccountFacts.listOf(sales.deals()));
            records.addAll(AccountFacts.listOf(sales.pendingQuotes()));
        } else if (data instanceof EngagementMetrics metrics) {
            records.addAll(records(metrics.engagement()));
            records.addAll(records(metrics.contacts()));
        } else if (data instanceof EngagementSection engagement) {
            records.addAll(AccountFacts.listOf(engagement.upcomingMeetings()));
        } else if (data instanceof ContactsSection contacts) {
            // champions, sponsors and departed key contacts are among the contacts
            records.addAll(AccountFacts.listOf(contacts.contacts()));
        } else if (data instanceof CustomerIntelligence intelligence) {
            records.addAll(AccountFacts.listOf(intelligence.notes()));
            records.addAll(records(intelligence.success()));
        } else if (data instanceof SuccessSection success) {
            records.addAll(AccountFacts.listOf(success.milestones()));
        }
        return records;
    }
}
