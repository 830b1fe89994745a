package io.customer360.aggregator.service.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.CustomerChange;
import io.customer360.aggregator.messaging.ChangeFeed;
import io.customer360.aggregator.service.view.Customer360Service;
import io.customer360.aggregator.service.view.ViewOptions;
import io.customer360.aggregator.store.ViewCache;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.TenantContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server-sent-event streams of the 360: per customer (a snapshot of the view, then the sections each change
 * altered, by a profile change or a new enrichment result) and per tenant (every customer change as it happens). Event
 * ids are positions in the {@code PROFILE_CHANGES} stream. Every stream ends when the caller's token expires, with a
 * last event {@code expired}: a client reconnects with a fresh token (a browser's EventSource does so by itself, and
 * the console's session refreshes its tokens on that request).
 */
@ApplicationScoped
public class LiveStreams {

    /** Changes arriving within this window are answered with one recomputed view (a burst of events, one push). */
    static final Duration COALESCE = Duration.ofMillis(250);
    /** An idle stream still sends this often, so proxies do not take it for dead. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
    /** The first view is built within the providers' budgets; this only bounds a caller's wait if something hangs. */
    private static final Duration SNAPSHOT_WITHIN = Duration.ofSeconds(10);
    /** A stream whose identity names no expiry (none does over OIDC) still ends: never unbounded. */
    static final Duration WITHOUT_EXPIRY_AT_MOST = Duration.ofHours(1);
    /** How soon a browser reconnects after {@code expired}. */
    static final long RECONNECT_AFTER_MILLIS = 1000;

    private final ChangeFeed feed;
    private final Customer360Service views;
    private final ViewCache cache;
    private final TenantContext tenant;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;

    LiveStreams(
            ChangeFeed feed,
            Customer360Service views,
            ViewCache cache,
            TenantContext tenant,
            ObjectMapper mapper,
            SecurityIdentity identity) {
        this.identity = identity;
        this.feed = feed;
        this.views = views;
        this.cache = cache;
        this.tenant = tenant;
        this.mapper = mapper;
    }

    /**
     * The customer's view now (event {@code view}, whose id covers every change up to it), then on each change the
     * top-level parts of the view that differ from the last one sent (event {@code sections}). A reconnect gets a new
     * snapshot, so no change is missed whatever {@code Last-Event-ID} says.
     */
    public Multi<OutboundSseEvent> customer(String customerId, ViewOptions options, Sse sse) {
        String tenantId = tenant.tenant();
        Instant expiry = TokenExpiry.of(identity);
        long covered = feed.lastSequence();
        long enrichmentCovered = feed.lastEnrichmentSequence();
        // the snapshot before the stream starts: an unknown customer or a refused caller is an error response (a
        // stream that failed after its 200 head would leave the client guessing), hence a worker thread for this call
        ObjectNode snapshot =
                mapper.valueToTree(views.view(customerId, options).await().atMost(SNAPSHOT_WITHIN));
        AtomicReference<ObjectNode> sent = new AtomicReference<>(snapshot);
        AtomicLong lastId = new AtomicLong(covered);
        Multi<CustomerChange> profileAndEnrichment = Multi.createBy()
                .merging()
                .streams(
                        feed.changes(tenantId, customerId, covered),
                        feed.enrichments(tenantId, customerId, enrichmentCovered));
        Multi<OutboundSseEvent> updates = profileAndEnrichment
                .group()
                .intoLists()
                .every(COALESCE)
                .select()
                .where(changes -> !changes.isEmpty())
                // without Redis the view is built anew all the same (ViewCache reads the customer as a miss)
                .onItem()
                .transformToUniAndConcatenate(changes -> cache.invalidate(tenantId, customerId)
                        .onFailure()
                        .recoverWithNull()
                        .chain(() -> views.view(customerId, options))
                        .map(changedView -> update(sse, customerId, sent, lastId, changedView, changes)));
        return untilExpiry(
                withKeepAlive(
                        Multi.createBy()
                                .concatenating()
                                .streams(Multi.createFrom().item(event(sse, "view", covered, snapshot)), updates),
                        sse),
                expiry,
                sse);
    }

    /** The id is the newest profile change covered: an update caused by enrichment alone repeats the last one. */
    private OutboundSseEvent update(
            Sse sse,
            String customerId,
            AtomicReference<ObjectNode> sent,
            AtomicLong lastId,
            Object view,
            List<CustomerChange> changes) {
        ObjectNode json = mapper.valueToTree(view);
        ObjectNode update = mapper.createObjectNode();
        update.put("customerId", customerId);
        update.set("changed", changedParts(sent.getAndSet(json), json));
        update.set("cause", mapper.valueToTree(cause(changes)));
        changes.forEach(change -> lastId.accumulateAndGet(change.sequence(), Math::max));
        return event(sse, "sections", lastId.get(), update);
    }

    /** Every change of the tenant's customers (event {@code change}); a reconnect resumes after its last event id. */
    public Multi<OutboundSseEvent> tenant(Long afterSequence, Sse sse) {
        Long after = afterSequence != null ? afterSequence : feed.lastSequence();
        String tenantId = tenant.tenant();
        return untilExpiry(
                withKeepAlive(
                        feed.changes(tenantId, null, after)
                                .map(change -> event(sse, "change", change.sequence(), mapper.valueToTree(change))),
                        sse),
                TokenExpiry.of(identity),
                sse);
    }

    /**
     * The events until the token expires, then {@code expired} ({@code {reason, expiredAt}}, reconnect after 1 s) and
     * the end of the stream; the feed is cancelled, so nothing more is read for this caller.
     */
    static Multi<OutboundSseEvent> untilExpiry(Multi<OutboundSseEvent> events, Instant expiry, Sse sse) {
        Instant now = Instant.now();
        Instant end = expiry != null ? expiry : now.plus(WITHOUT_EXPIRY_AT_MOST);
        Duration left = Duration.between(now, end);
        Multi<OutboundSseEvent> live = left.isNegative() || left.isZero()
                ? Multi.createFrom().empty()
                : events.select().first(left);
        return Multi.createBy()
                .concatenating()
                .streams(
                        live,
                        Multi.createFrom()
                                .item(() -> sse.newEventBuilder()
                                        .name("expired")
                                        .reconnectDelay(RECONNECT_AFTER_MILLIS)
                                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                        .data("{\"reason\":\""
                                                + (expiry != null
                                                        ? "the access token expired; reconnect with a fresh one"
                                                        : "the stream reached its longest lifetime; reconnect")
                                                + "\",\"expiredAt\":\"" + end + "\"}")
                                        .build()));
    }

    /** The Last-Event-ID a reconnecting client sends: a stream sequence, or a 400 naming the header. */
    public static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long sequence = Long.parseLong(header.strip());
            if (sequence < 0) {
                throw new NumberFormatException();
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("Last-Event-ID", "must be the id of an event of this stream (a number)");
        }
    }

    /** The top-level parts of the view whose value changed, except the time it was generated. */
    static ObjectNode changedParts(ObjectNode before, ObjectNode after) {
        ObjectNode changed = after.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = after.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("generatedAt")
                    && (before == null || !field.getValue().equals(before.get(field.getKey())))) {
                changed.set(field.getKey(), field.getValue());
            }
        }
        return changed;
    }

    private static Map<String, Object> cause(List<CustomerChange> changes) {
        Set<String> sections = new LinkedHashSet<>();
        Set<String> eventIds = new LinkedHashSet<>();
        changes.forEach(change -> {
            sections.addAll(change.sections());
            eventIds.addAll(change.eventIds());
        });
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("sections", sections);
        cause.put("eventIds", eventIds);
        cause.put("occurredAt", changes.get(changes.size() - 1).occurredAt());
        return cause;
    }

    private static OutboundSseEvent event(Sse sse, String name, long id, JsonNode data) {
        return sse.newEventBuilder()
                .name(name)
                .id(Long.toString(id))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(data.toString())
                .build();
    }

    private static Multi<OutboundSseEvent> withKeepAlive(Multi<OutboundSseEvent> events, Sse sse) {
        Multi<OutboundSseEvent> pings = Multi.createFrom()
                .ticks()
                .every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().name("ping").data("{}").build());
        return Multi.createBy().merging().streams(events, pings);
    }
}
