package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.aggregator.service.provider.ProviderOutcome;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.common.nats.NatsTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
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

    private ViewTracing() {
    }

    static void built(Span span, String tenant, ProviderResults results) {
        NatsTracing.eventIds(span, tenant, latestEventIds(results, EVENT_IDS));
    }

    /** The event ids of the newest records (by {@code lastChangedAt}) in the providers' answers, newest first. */
    static List<String> latestEventIds(ProviderResults results, int limit) {
        List<JsonNode> records = new ArrayList<>();
        for (ProviderOutcome outcome : results.all().values()) {
            collect(outcome.data(), records);
        }
        records.sort(Comparator.comparing((JsonNode record) -> record.path("lastChangedAt").asText("")).reversed());
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode record : records) {
            for (JsonNode id : record.get("eventIds")) {
                if (ids.size() == limit) {
                    return List.copyOf(ids);
                }
                ids.add(id.asText());
            }
        }
        return List.copyOf(ids);
    }

    private static void collect(JsonNode node, List<JsonNode> records) {
        if (node == null) {
            return;
        }
        if (node.isObject() && node.path("eventIds").isArray()) {
            records.add(node);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, records));
        }
    }
}
