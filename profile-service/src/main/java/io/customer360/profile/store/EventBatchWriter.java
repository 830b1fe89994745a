package io.customer360.profile.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.domain.Provenance;
import io.customer360.profile.domain.catalog.Section;
import io.customer360.profile.domain.projection.LwwMap;
import io.customer360.profile.domain.projection.Projection;
import io.customer360.profile.domain.projection.Projection.RecordChange;
import io.customer360.profile.domain.projection.Projector;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Applies a batch of normalized events in one transaction with one multi-row statement per table, so the write path
 * costs a handful of round trips per batch instead of several per event. Order-insensitive and idempotent:
 * <ul>
 *     <li>the timeline row is keyed by event id, and only events whose row is new change any read model;</li>
 *     <li>customer fields and records are last-writer-wins maps merged by {@code lww_merge};</li>
 *     <li>lifetime value is recomputed from purchase rows, never incremented.</li>
 * </ul>
 * Rows are written in key order, so concurrent batches (replicas sharing the consumer) lock them in the same order.
 */
@ApplicationScoped
public class EventBatchWriter {

    // The lookups of a batch's keys (lookup(): the keys unnested as (tenant, key); rows of (tenant, key, value)).
    // Each key is looked up in the primary key on its own, in a lateral subquery with LIMIT 1, which the planner does
    // not turn into a join. As a join with the unnested keys, the plan made while a table has no statistics yet (a new
    // database, until autovacuum first analyzes it) is a hash join over the whole table, kept as long as the
    // connection lives.

    /** The customer each alias (a merged customer's old id) names. */
    static final String ALIASES = """
            SELECT k.tenant, k.id, a.customer_id FROM unnest($1::text[], $2::text[]) AS k(tenant, id)
            CROSS JOIN LATERAL (SELECT customer_id FROM customer_aliases WHERE tenant = k.tenant AND alias_id = k.id LIMIT 1) a""";
    /** The customer each email identifies. */
    static final String EMAIL_OWNERS = """
            SELECT k.tenant, k.value, i.customer_id FROM unnest($1::text[], $2::text[]) AS k(tenant, value)
            CROSS JOIN LATERAL (SELECT customer_id FROM customer_identities
                                WHERE tenant = k.tenant AND kind = 'email' AND value = k.value LIMIT 1) i""";
    /** The ids that exist. */
    static final String EXISTING_CUSTOMERS = """
            SELECT k.tenant, k.id, k.id FROM unnest($1::text[], $2::text[]) AS k(tenant, id)
            CROSS JOIN LATERAL (SELECT 1 FROM customers WHERE tenant = k.tenant AND id = k.id LIMIT 1) c""";
    /** When each customer was last erased (microseconds since the epoch), for those ever erased. */
    static final String LAST_ERASURES = """
            SELECT k.tenant, k.id, (extract(epoch FROM e.erased_at) * 1000000)::bigint::text
            FROM unnest($1::text[], $2::text[]) AS k(tenant, id)
            CROSS JOIN LATERAL (SELECT max(erased_at) AS erased_at FROM erasures WHERE tenant = k.tenant AND customer_id = k.id) e
            WHERE e.erased_at IS NOT NULL""";

    /** A stored event seen again within this window may not have been announced yet (crash after commit). */
    private static final String ANNOUNCE_AGAIN_WINDOW = "2 minutes";

    private final Pool pool;

    EventBatchWriter(Pool pool) {
        this.pool = pool;
    }

    /** An event of the batch with the customer it resolved to and what it means for the store. */
    private record Resolved(NormalizedEvent event, String customerId, Projection projection, Provenance provenance) {
        String key() {
            return key(event.tenant(), event.eventId());
        }

        static String key(String tenant, String id) {
            return tenant + "/" + id;
        }
    }

    /** Partners' events (everything read from NATS). */
    public Uni<BatchResult> apply(List<NormalizedEvent> batch) {
        return apply(batch, Provenance.PARTNER);
    }

    /** Events all written by {@code provenance}: the platform's own API changes, or partners' events. */
    public Uni<BatchResult> apply(List<NormalizedEvent> batch, Provenance provenance) {
        Map<String, NormalizedEvent> unique = new LinkedHashMap<>();
        batch.forEach(event -> unique.putIfAbsent(Resolved.key(event.tenant(), event.eventId()), event));
        List<NormalizedEvent> events = List.copyOf(unique.values());
        return pool.withTransaction(
                conn -> resolve(conn, events, provenance).flatMap(resolution -> write(conn, resolution)));
    }

    private record Resolution(List<Resolved> events, Set<String> deferred, List<String[]> links) {}

    /** By id (an alias of a merged customer leads to the survivor), else by email, else a new id from the email. */
    private Uni<Resolution> resolve(SqlConnection conn, List<NormalizedEvent> events, Provenance provenance) {
        Set<Pair> namedIds = new HashSet<>();
        Set<Pair> emails = new HashSet<>();
        for (NormalizedEvent event : events) {
            if (event.customerId() != null) {
                namedIds.add(new Pair(event.tenant(), event.customerId()));
            }
            if (event.email() != null) {
                emails.add(new Pair(event.tenant(), normalizedEmail(event)));
            }
        }
        return lookup(conn, ALIASES, namedIds)
                .flatMap(aliases -> lookup(conn, EMAIL_OWNERS, emails).flatMap(owners -> {
                    List<Resolved> resolved = new ArrayList<>();
                    List<String[]> links = new ArrayList<>();
                    for (NormalizedEvent event : events) {
                        String email = event.email() == null ? null : normalizedEmail(event);
                        String owner = email == null ? null : owners.get(new Pair(event.tenant(), email));
                        String customerId;
                        if (event.customerId() != null) {
                            customerId = aliases.getOrDefault(
                                    new Pair(event.tenant(), event.customerId()), event.customerId());
                            if (owner != null && !owner.equals(customerId)) {
                                links.add(new String[] {event.tenant(), customerId, owner, email, event.eventId()});
                            }
                        } else {
                            customerId = owner != null ? owner : idForEmail(event.tenant(), email);
                        }
                        resolved.add(new Resolved(event, customerId, Projector.project(event, provenance), provenance));
                    }
                    return deferUnknown(conn, resolved).map(deferred -> new Resolution(resolved, deferred, links));
                }));
    }

    /** Events of tenants that do not auto-create wait for their customer to exist. */
    private Uni<Set<String>> deferUnknown(SqlConnection conn, List<Resolved> resolved) {
        Set<Pair> mustExist = resolved.stream()
                .filter(r -> Boolean.FALSE.equals(r.event().autoCreate()))
                .map(r -> new Pair(r.event().tenant(), r.customerId()))
                .collect(Collectors.toSet());
        if (mustExist.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return lookup(conn, EXISTING_CUSTOMERS, mustExist)
                .map(existing -> resolved.stream()
                        .filter(r -> Boolean.FALSE.equals(r.event().autoCreate())
                                && !existing.containsKey(new Pair(r.event().tenant(), r.customerId())))
                        .map(Resolved::key)
                        .collect(Collectors.toSet()));
    }

    private Uni<BatchResult> write(SqlConnection conn, Resolution resolution) {
        List<Resolved> waiting = resolution.events().stream()
                .filter(r -> !resolution.deferred().contains(r.key()))
                .toList();
        if (waiting.isEmpty()) {
            return Uni.createFrom().item(new BatchResult(List.of(), 0, 0, resolution.deferred()));
        }
        return withoutErased(conn, waiting)
                .flatMap(events -> events.isEmpty()
                        ? Uni.createFrom().item(new BatchResult(List.of(), 0, waiting.size(), resolution.deferred()))
                        : write(conn, resolution, events));
    }

    /**
     * Drops the events ingest received before their customer was erased: still in flight when the erasure committed
     * (in a batch, or redelivered), they must not bring the customer back. An event received after the erasure is new
     * data and creates the customer anew.
     */
    private static Uni<List<Resolved>> withoutErased(SqlConnection conn, List<Resolved> events) {
        Set<Pair> customers = events.stream()
                .map(r -> new Pair(r.event().tenant(), r.customerId()))
                .collect(Collectors.toSet());
        return lookup(conn, LAST_ERASURES, customers)
                .map(erased -> erased.isEmpty()
                        ? events
                        : events.stream()
                                .filter(r -> {
                                    String erasedAtMicros =
                                            erased.get(new Pair(r.event().tenant(), r.customerId()));
                                    Instant received = r.event().receivedAt();
                                    return erasedAtMicros == null
                                            || received == null
                                            || java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, received)
                                                    > Long.parseLong(erasedAtMicros);
                                })
                                .toList());
    }

    private Uni<BatchResult> write(SqlConnection conn, Resolution resolution, List<Resolved> events) {
        return upsertCustomers(conn, events)
                .flatMap(ignored -> linkEmails(conn, events))
                .flatMap(ignored -> recordLinks(conn, resolution.links()))
                .flatMap(ignored -> insertTimeline(conn, events))
                .flatMap(fresh -> {
                    List<Resolved> applied =
                            events.stream().filter(r -> fresh.contains(r.key())).toList();
                    return upsertRecords(conn, applied)
                            .flatMap(ignored -> NoteSensitivity.refresh(conn, notesOf(applied)))
                            .flatMap(ignored -> insertPurchases(conn, applied))
                            .flatMap(ignored -> recentlyStored(conn, events, fresh))
                            .flatMap(recent -> {
                                List<Resolved> announce = new ArrayList<>(applied);
                                events.stream()
                                        .filter(r -> recent.contains(r.key()))
                                        .forEach(announce::add);
                                return identities(conn, announce)
                                        .map(identities -> new BatchResult(
                                                announce.stream()
                                                        .map(r -> new AppliedEvent(
                                                                r.event().tenant(),
                                                                r.event().eventId(),
                                                                r.customerId(),
                                                                identities.get(new Pair(
                                                                        r.event()
                                                                                .tenant(),
                                                                        r.customerId())),
                                                                r.projection().sections().stream()
                                                                        .map(Section::wireName)
                                                                        .sorted()
                                                                        .toList(),
                                                                r.event().occurredAt(),
                                                                change(r)))
                                                        .toList(),
                                                applied.size(),
                                                events.size() - applied.size(),
                                                resolution.deferred()));
                            });
                });
    }

    /** What {@code profile.changed} says of the event: its type, source, records and a ticket priority it set. */
    private static AppliedEvent.Change change(Resolved r) {
        List<AppliedEvent.RecordRef> records =
                new ArrayList<>(r.projection().records().size());
        String priority = null;
        for (RecordChange record : r.projection().records()) {
            records.add(new AppliedEvent.RecordRef(record.kind(), record.recordId()));
            JsonNode set = record.fields().path("priority").path("v");
            if ("ticket".equals(record.kind()) && set.isTextual()) {
                priority = set.asText();
            }
        }
        return new AppliedEvent.Change(r.event().eventType(), r.event().sourceService(), records, priority);
    }

    private Uni<Void> upsertCustomers(SqlConnection conn, List<Resolved> events) {
        // one row per customer, its changes merged here first (a multi-row upsert may not touch a row twice)
        Map<Pair, ObjectNode> fields = new TreeMap<>();
        Map<Pair, Instant> since = new HashMap<>();
        for (Resolved r : events) {
            Pair key = new Pair(r.event().tenant(), r.customerId());
            LwwMap.mergeInto(
                    fields.computeIfAbsent(key, k -> LwwMap.empty()),
                    r.projection().customerFields());
            since.merge(key, r.event().occurredAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        // Most events say nothing about the customer itself: those only make sure it exists, without locking or
        // rewriting its row (ON CONFLICT DO NOTHING), so concurrent batches of the same customers do not wait.
        Columns changes = new Columns(fields.size());
        Columns existence = new Columns(fields.size());
        fields.forEach((key, map) ->
                (map.isEmpty() ? existence : changes).add(key.tenant(), key.id(), map.toString(), utc(since.get(key))));
        Uni<Void> ensured = existence.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery("""
                        INSERT INTO customers (tenant, id, fields, customer_since)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[]::jsonb[], $4::text[]::timestamptz[])
                        ON CONFLICT (tenant, id) DO NOTHING""").execute(existence.tuple()).replaceWithVoid();
        Uni<Void> changed = changes.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery("""
                        INSERT INTO customers AS c (tenant, id, fields, customer_since)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[]::jsonb[], $4::text[]::timestamptz[])
                        ON CONFLICT (tenant, id) DO UPDATE SET
                            fields = lww_merge(c.fields, excluded.fields),
                            customer_since = least(c.customer_since, excluded.customer_since),
                            updated_at = now()
                        WHERE lww_merge(c.fields, excluded.fields) <> c.fields OR excluded.customer_since < c.customer_since""").execute(changes.tuple()).replaceWithVoid();
        Columns all = new Columns(fields.size());
        fields.keySet().forEach(key -> all.add(key.tenant(), key.id(), utc(since.get(key))));
        // customer_since is the earliest event time: an older event, arriving late, moves it back
        return ensured.flatMap(ignored -> changed)
                .flatMap(ignored -> conn.preparedQuery("""
                        UPDATE customers c SET customer_since = k.since, updated_at = now()
                        FROM unnest($1::text[], $2::text[], $3::text[]::timestamptz[]) AS k(tenant, id, since)
                        WHERE c.tenant = k.tenant AND c.id = k.id AND c.customer_since > k.since""").execute(all.tuple()))
                .replaceWithVoid();
    }

    private Uni<Void> linkEmails(SqlConnection conn, List<Resolved> events) {
        Map<Pair, String> emails = new TreeMap<>();
        for (Resolved r : events) {
            if (r.event().email() != null) {
                emails.putIfAbsent(new Pair(r.event().tenant(), normalizedEmail(r.event())), r.customerId());
            }
        }
        if (emails.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns columns = new Columns(emails.size());
        emails.forEach((key, customerId) -> columns.add(key.tenant(), key.id(), customerId));
        // an email already owned by another customer stays with it (the event records a link instead)
        return conn.preparedQuery("""
                        INSERT INTO customer_identities (tenant, kind, value, customer_id)
                        SELECT k.tenant, 'email', k.value, k.customer_id FROM unnest($1::text[], $2::text[], $3::text[])
                            AS k(tenant, value, customer_id)
                        ON CONFLICT DO NOTHING""").execute(columns.tuple()).replaceWithVoid();
    }

    private Uni<Void> recordLinks(SqlConnection conn, List<String[]> links) {
        if (links.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns columns = new Columns(links.size());
        links.stream()
                .sorted((a, b) -> String.join("/", a).compareTo(String.join("/", b)))
                .forEach(link -> columns.add(link[0], link[1], link[2], link[3], link[4]));
        return conn.preparedQuery("""
                        INSERT INTO identity_links (tenant, customer_id, other_customer_id, kind, value, event_id)
                        SELECT k.tenant, k.customer_id, k.other, 'email', k.value, k.event_id
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS k(tenant, customer_id, other, value, event_id)
                        ON CONFLICT DO NOTHING""").execute(columns.tuple()).replaceWithVoid();
    }

    /** The keys of the events whose timeline row is new: only those change read models. */
    private Uni<Set<String>> insertTimeline(SqlConnection conn, List<Resolved> events) {
        Columns columns = new Columns(events.size());
        events.stream().sorted((a, b) -> a.key().compareTo(b.key())).forEach(r -> {
            NormalizedEvent e = r.event();
            Projection.TimelineEntry t = r.projection().timeline();
            columns.add(
                    e.tenant(),
                    e.eventId(),
                    r.customerId(),
                    e.eventType(),
                    utc(e.occurredAt()),
                    t.title(),
                    t.description(),
                    e.summary(),
                    t.amount() == null ? null : t.amount().toPlainString(),
                    t.status(),
                    e.sourceService(),
                    e.data().toString(),
                    e.metadata() == null ? "{}" : e.metadata().toString(),
                    utc(e.receivedAt() == null ? Instant.now() : e.receivedAt()),
                    t.sensitive(),
                    e.customerId(),
                    t.searchable(),
                    r.provenance().origin(),
                    r.provenance().actor(),
                    t.noteId(),
                    t.mark() == null ? null : t.mark().stored());
        });
        return conn.preparedQuery("""
                        INSERT INTO timeline_events (tenant, event_id, customer_id, event_type, occurred_at, title, description,
                                                     summary, amount, status, source_service, data, metadata, received_at,
                                                     sensitive, addressed_to, searchable, origin, actor, note_id, sensitivity_mark)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]::timestamptz[], $6::text[],
                                             $7::text[], $8::text[], $9::text[]::numeric[], $10::text[], $11::text[],
                                             $12::text[]::jsonb[], $13::text[]::jsonb[], $14::text[]::timestamptz[], $15::text[]::boolean[],
                                             $16::text[], $17::text[]::boolean[], $18::text[], $19::text[], $20::text[], $21::text[])
                        ON CONFLICT (tenant, event_id) DO NOTHING
                        RETURNING tenant, event_id""").execute(columns.tuple()).map(rows -> {
            Set<String> fresh = new HashSet<>();
            rows.forEach(row -> fresh.add(Resolved.key(row.getString(0), row.getString(1))));
            return fresh;
        });
    }

    private record RecordKey(String tenant, String customerId, String kind, String recordId)
            implements Comparable<RecordKey> {
        private static final Comparator<RecordKey> ORDER = Comparator.comparing(RecordKey::tenant)
                .thenComparing(RecordKey::customerId)
                .thenComparing(RecordKey::kind)
                .thenComparing(RecordKey::recordId);

        @Override
        public int compareTo(RecordKey other) {
            return ORDER.compare(this, other);
        }
    }

    private Uni<Void> upsertRecords(SqlConnection conn, List<Resolved> applied) {
        Map<RecordKey, ObjectNode> fields = new TreeMap<>();
        Map<RecordKey, Instant[]> times = new HashMap<>();
        for (Resolved r : applied) {
            for (RecordChange change : r.projection().records()) {
                RecordKey key = new RecordKey(r.event().tenant(), r.customerId(), change.kind(), change.recordId());
                LwwMap.mergeInto(fields.computeIfAbsent(key, k -> LwwMap.empty()), change.fields());
                Instant at = r.event().occurredAt();
                times.merge(key, new Instant[] {at, at}, (a, b) ->
                        new Instant[] {a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        if (fields.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns columns = new Columns(fields.size());
        fields.forEach((key, map) -> columns.add(
                key.tenant(),
                key.customerId(),
                key.kind(),
                key.recordId(),
                map.toString(),
                utc(times.get(key)[0]),
                utc(times.get(key)[1])));
        return conn.preparedQuery("""
                        INSERT INTO records AS r (tenant, customer_id, kind, record_id, fields, first_seen_at, last_changed_at)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]::jsonb[],
                                             $6::text[]::timestamptz[], $7::text[]::timestamptz[])
                        ON CONFLICT (tenant, customer_id, kind, record_id) DO UPDATE SET
                            fields = lww_merge(r.fields, excluded.fields),
                            first_seen_at = least(r.first_seen_at, excluded.first_seen_at),
                            last_changed_at = greatest(r.last_changed_at, excluded.last_changed_at)""").execute(columns.tuple()).replaceWithVoid();
    }

    private Uni<Void> insertPurchases(SqlConnection conn, List<Resolved> applied) {
        // one row per (customer, purchase id): the newest event's, as the statement below decides between batches
        Map<RecordKey, Resolved> newest = new TreeMap<>();
        applied.stream()
                .filter(r -> r.projection().purchase() != null)
                .forEach(r -> newest.merge(
                        new RecordKey(
                                r.event().tenant(),
                                r.customerId(),
                                "purchase",
                                r.projection().purchase().id()),
                        r,
                        (a, b) ->
                                LwwMap.version(a.event().occurredAt(), a.event().eventId())
                                                        .compareTo(LwwMap.version(
                                                                b.event().occurredAt(),
                                                                b.event().eventId()))
                                                >= 0
                                        ? a
                                        : b));
        List<Resolved> purchases = List.copyOf(newest.values());
        if (purchases.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Columns columns = new Columns(purchases.size());
        Set<Pair> customers = new java.util.TreeSet<>();
        purchases.forEach(r -> {
            Projection.PurchaseRow p = r.projection().purchase();
            columns.add(
                    r.event().tenant(),
                    p.id(),
                    r.customerId(),
                    r.event().eventId(),
                    p.productName(),
                    p.productSku(),
                    p.quantity(),
                    p.price() == null ? null : p.price().toPlainString(),
                    p.total() == null ? null : p.total().toPlainString(),
                    utc(r.event().occurredAt()),
                    p.warrantyExpires() == null ? null : utc(p.warrantyExpires()));
            customers.add(new Pair(r.event().tenant(), r.customerId()));
        });
        Columns affected = new Columns(customers.size());
        customers.forEach(c -> affected.add(c.tenant(), c.id()));
        return conn.preparedQuery("""
                        INSERT INTO purchases (tenant, id, customer_id, event_id, product_name, product_sku, quantity, price,
                                               total, purchased_at, warranty_expires)
                        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                             $7::text[]::integer[], $8::text[]::numeric[], $9::text[]::numeric[], $10::text[]::timestamptz[],
                                             $11::text[]::timestamptz[])
                        ON CONFLICT (tenant, customer_id, id) DO UPDATE SET
                            event_id = excluded.event_id, product_name = excluded.product_name,
                            product_sku = excluded.product_sku, quantity = excluded.quantity, price = excluded.price,
                            total = excluded.total, purchased_at = excluded.purchased_at,
                            warranty_expires = excluded.warranty_expires
                        -- the newest event describes the purchase (ties: the greater event id), whatever the order
                        WHERE (excluded.purchased_at, excluded.event_id COLLATE "C")
                              > (purchases.purchased_at, purchases.event_id COLLATE "C")""")
                .execute(columns.tuple())
                .flatMap(ignored -> conn.preparedQuery("""
                                UPDATE customers c SET lifetime_value =
                                    (SELECT coalesce(sum(total), 0) FROM purchases p WHERE p.tenant = c.tenant AND p.customer_id = c.id)
                                FROM unnest($1::text[], $2::text[]) AS k(tenant, id)
                                WHERE c.tenant = k.tenant AND c.id = k.id""").execute(affected.tuple()))
                .replaceWithVoid();
    }

    /** Already-stored events of this batch that were stored moments ago: announce them again (JetStream drops repeats). */
    private Uni<Set<String>> recentlyStored(SqlConnection conn, List<Resolved> events, Set<String> fresh) {
        Set<Pair> duplicates = events.stream()
                .filter(r -> !fresh.contains(r.key()))
                .map(r -> new Pair(r.event().tenant(), r.event().eventId()))
                .collect(Collectors.toSet());
        if (duplicates.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return lookup(
                        conn,
                        "SELECT t.tenant, t.event_id, t.event_id FROM timeline_events t "
                                + "JOIN unnest($1::text[], $2::text[]) AS k(tenant, id) ON t.tenant = k.tenant AND t.event_id = k.id "
                                + "WHERE t.stored_at > now() - interval '" + ANNOUNCE_AGAIN_WINDOW + "'",
                        duplicates)
                .map(recent -> recent.keySet().stream()
                        .map(p -> Resolved.key(p.tenant(), p.id()))
                        .collect(Collectors.toSet()));
    }

    private Uni<Map<Pair, AppliedEvent.Identity>> identities(SqlConnection conn, List<Resolved> events) {
        Set<Pair> customers = events.stream()
                .map(r -> new Pair(r.event().tenant(), r.customerId()))
                .collect(Collectors.toSet());
        if (customers.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Columns columns = new Columns(customers.size());
        customers.forEach(c -> columns.add(c.tenant(), c.id()));
        return conn.preparedQuery("""
                        SELECT c.tenant, c.id, c.name, c.email, c.company FROM customers c
                        JOIN unnest($1::text[], $2::text[]) AS k(tenant, id) ON c.tenant = k.tenant AND c.id = k.id""").execute(columns.tuple()).map(rows -> {
            Map<Pair, AppliedEvent.Identity> identities = new HashMap<>();
            for (Row row : rows) {
                identities.put(
                        new Pair(row.getString("tenant"), row.getString("id")),
                        AppliedEvent.Identity.of(
                                row.getString("name"), row.getString("email"), row.getString("company")));
            }
            return identities;
        });
    }

    /**
     * Folds the customer's whole timeline again into its profile fields, records and purchases, replacing what was
     * there: after a merge moved events in, or an unmerge moved them out. Runs inside the caller's transaction.
     */
    public Uni<Void> rebuild(SqlConnection conn, String tenant, String customerId) {
        return conn.preparedQuery("""
                        SELECT event_id, event_type, occurred_at, source_service, data, metadata, summary, received_at, addressed_to,
                               origin, actor
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2""").execute(Tuple.of(tenant, customerId)).flatMap(rows -> {
            List<Resolved> events = new ArrayList<>();
            ObjectNode fields = LwwMap.empty();
            for (Row row : rows) {
                ObjectNode data = (ObjectNode) RecordViews.json(row.getValue("data"));
                String email = data.path("email").isTextual()
                        ? data.get("email").asText()
                        : data.path("customer_email").isTextual()
                                ? data.get("customer_email").asText()
                                : null;
                NormalizedEvent event = new NormalizedEvent(
                        row.getString("event_id"),
                        tenant,
                        row.getString("addressed_to"),
                        email,
                        row.getString("event_type"),
                        row.getOffsetDateTime("occurred_at").toInstant(),
                        row.getString("source_service"),
                        data,
                        (ObjectNode) RecordViews.json(row.getValue("metadata")),
                        row.getString("summary"),
                        true,
                        row.getOffsetDateTime("received_at").toInstant());
                Provenance provenance = Provenance.of(row.getString("origin"), row.getString("actor"));
                Projection projection = Projector.project(event, provenance);
                LwwMap.mergeInto(fields, projection.customerFields());
                events.add(new Resolved(event, customerId, projection, provenance));
            }
            Tuple key = Tuple.of(tenant, customerId);
            return conn.preparedQuery("DELETE FROM records WHERE tenant = $1 AND customer_id = $2")
                    .execute(key)
                    .flatMap(ignored -> conn.preparedQuery(
                                    "DELETE FROM purchases WHERE tenant = $1 AND customer_id = $2")
                            .execute(key))
                    .flatMap(ignored -> conn.preparedQuery("""
                                            UPDATE customers SET fields = $3::jsonb, lifetime_value = 0, updated_at = now(),
                                                customer_since = coalesce((SELECT min(occurred_at) FROM timeline_events
                                                                           WHERE tenant = $1 AND customer_id = $2), customer_since)
                                            WHERE tenant = $1 AND id = $2""")
                            .execute(
                                    Tuple.of(tenant, customerId, new io.vertx.core.json.JsonObject(fields.toString()))))
                    .flatMap(ignored -> upsertRecords(conn, events))
                    .flatMap(ignored -> NoteSensitivity.refreshCustomer(conn, tenant, customerId))
                    .flatMap(ignored -> insertPurchases(conn, events));
        });
    }

    /** The notes the events write, as (tenant, customer, note) keys in key order. */
    private static Set<NoteSensitivity.NoteKey> notesOf(List<Resolved> events) {
        Set<NoteSensitivity.NoteKey> notes = new java.util.TreeSet<>();
        for (Resolved r : events) {
            if (r.projection().timeline().noteId() != null) {
                notes.add(new NoteSensitivity.NoteKey(
                        r.event().tenant(),
                        r.customerId(),
                        r.projection().timeline().noteId()));
            }
        }
        return notes;
    }

    /** Runs a lookup keyed by (tenant, value) pairs; answers (tenant, column 2) → column 3. */
    private static Uni<Map<Pair, String>> lookup(SqlConnection conn, String sql, Set<Pair> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Columns columns = new Columns(keys.size());
        keys.forEach(k -> columns.add(k.tenant(), k.id()));
        return conn.preparedQuery(sql).execute(columns.tuple()).map(rows -> {
            Map<Pair, String> found = new HashMap<>();
            rows.forEach(row -> found.put(new Pair(row.getString(0), row.getString(1)), row.getString(2)));
            return found;
        });
    }

    /** Deterministic, so concurrent email-only events of a new customer create one profile, not two. */
    public static String idForEmail(String tenant, String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((tenant + "\n" + email).getBytes(StandardCharsets.UTF_8));
            return "cus_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalizedEmail(NormalizedEvent event) {
        return event.email().strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
