package io.customer360.profile.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.CustomerSummary;
import io.customer360.common.contract.profile.TimelineEvent;
import io.customer360.profile.domain.Provenance;
import io.customer360.profile.domain.Purchase;
import io.customer360.profile.domain.catalog.FieldType;
import io.customer360.profile.domain.projection.LwwMap;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads of the customer store, always scoped to one tenant. */
@ApplicationScoped
public class CustomerQueries {

    /** Profile fields with their own columns; the rest are shown as attributes. */
    private static final java.util.Set<String> CORE_FIELDS =
            java.util.Set.of("name", "email", "phone", "company", "status");
    /** Shown as {@code tags} and {@code customFields} of their own, not among the attributes. */
    private static final String TAGS = "tags";

    private final Pool pool;

    CustomerQueries(Pool pool) {
        this.pool = pool;
    }

    /** The customer with this id, or null. */
    public Uni<Customer> customer(String tenant, String id) {
        return pool.preparedQuery(CUSTOMER + " AND c.id = $2")
                .execute(Tuple.of(tenant, id))
                .map(rows -> first(rows, CustomerQueries::customer));
    }

    /**
     * The customer an id or an alias of a merged customer names (the survivor), or null: {@link #resolve} and
     * {@link #customer} in one round trip.
     */
    public Uni<Customer> customerOrAlias(String tenant, String idOrAlias) {
        return pool.preparedQuery(CUSTOMER + " AND c.id = (" + RESOLVE + ")")
                .execute(Tuple.of(tenant, idOrAlias))
                .map(rows -> first(rows, CustomerQueries::customer));
    }

    /**
     * A customer's row, {@code WHERE c.tenant = $1} and a condition on {@code c.id} to follow. The profile fields are
     * read as text: parsed once into a tree, not into a Vert.x object first.
     */
    private static final String CUSTOMER = """
            SELECT c.id, c.name, c.email, c.phone, c.company, c.status, c.customer_since, c.lifetime_value, c.fields::text AS fields,
                   c.health_score, c.health_band, c.exit_state, c.state_at, c.created_at, c.updated_at,
                   ARRAY(SELECT record_id FROM records s WHERE s.tenant = c.tenant AND s.customer_id = c.id
                         AND s.kind = 'segment' AND coalesce((s.fields -> 'active' ->> 'v')::boolean, true)
                         ORDER BY record_id) AS segments,
                   ARRAY(SELECT alias_id FROM customer_aliases a WHERE a.tenant = c.tenant AND a.customer_id = c.id
                         ORDER BY alias_id) AS aliases,
                   ARRAY(SELECT DISTINCT CASE WHEN l.customer_id = c.id THEN l.other_customer_id ELSE l.customer_id END
                         FROM identity_links l WHERE l.tenant = c.tenant AND (l.customer_id = c.id OR l.other_customer_id = c.id))
                       AS possible_duplicates
            FROM customers c WHERE c.tenant = $1""";

    /** The customer id that {@code $2} (an id or an alias) names in tenant {@code $1}. */
    static final String RESOLVE = """
            SELECT id FROM customers WHERE tenant = $1 AND id = $2
            UNION ALL
            SELECT customer_id FROM customer_aliases WHERE tenant = $1 AND alias_id = $2
            LIMIT 1""";

    private static Customer customer(Row row) {

        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        ObjectNode customFields = JsonNodeFactory.instance.objectNode();
        JsonNode tags = null;
        for (var fields =
                        LwwMap.values(RecordViews.json(row.getValue("fields"))).fields();
                fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().equals(TAGS)) {
                tags = field.getValue();
            } else if (field.getKey().startsWith(FieldType.CUSTOM_FIELD_PREFIX)) {
                if (!field.getValue().isNull()) {
                    customFields.set(
                            field.getKey().substring(FieldType.CUSTOM_FIELD_PREFIX.length()), field.getValue());
                }
            } else if (!CORE_FIELDS.contains(field.getKey())) {
                attributes.set(RecordViews.camelCase(field.getKey()), field.getValue());
            }
        }
        return new Customer(
                row.getString("id"),
                row.getString("name"),
                row.getString("email"),
                row.getString("phone"),
                row.getString("company"),
                row.getString("status"),
                utc(row, "customer_since"),
                row.getBigDecimal("lifetime_value"),
                attributes,
                tagList(tags),
                customFields,
                List.of(row.getArrayOfStrings("segments")),
                new Customer.Health(
                        row.getBigDecimal("health_score"),
                        row.getString("health_band"),
                        row.getString("exit_state"),
                        utc(row, "state_at")),
                List.of(row.getArrayOfStrings("aliases")),
                List.of(row.getArrayOfStrings("possible_duplicates")),
                utc(row, "created_at"),
                utc(row, "updated_at"));
    }

    /** The tags a profile update set, or null when none ever did (or the newest cleared them). */
    private static List<String> tagList(JsonNode tags) {
        if (tags == null || !tags.isArray()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        tags.forEach(tag -> list.add(tag.asText()));
        return list;
    }

    /** The customer an id or an alias of a merged customer names, or null. */
    public Uni<String> resolve(String tenant, String idOrAlias) {
        return resolve(pool, tenant, idOrAlias);
    }

    /** {@link #resolve(String, String)} on {@code client}: the pool, or a connection other statements share. */
    static Uni<String> resolve(SqlClient client, String tenant, String idOrAlias) {
        return client.preparedQuery(RESOLVE)
                .execute(Tuple.of(tenant, idOrAlias))
                .map(rows -> first(rows, row -> row.getString(0)));
    }

    /** Customers in id order (stable under concurrent inserts), filtered; {@code afterId} is the last id shown. */
    public Uni<List<CustomerSummary>> list(String tenant, CustomerFilter filter, String afterId, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(filter.segment())
                .addValue(filter.status())
                .addValue(filter.healthBand())
                .addValue(filter.text())
                .addValue(afterId)
                .addValue(limit);
        return pool.preparedQuery("""
                        SELECT id, name, email, company, status, lifetime_value, health_score, health_band, exit_state, updated_at
                        FROM customers c
                        WHERE tenant = $1
                          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM records s WHERE s.tenant = c.tenant AND s.customer_id = c.id
                                AND s.kind = 'segment' AND s.record_id = $2 AND coalesce((s.fields -> 'active' ->> 'v')::boolean, true)))
                          AND ($3::text IS NULL OR status = $3)
                          AND ($4::text IS NULL OR health_band = $4)
                          AND ($5::text IS NULL OR search @@ websearch_to_tsquery('english', $5)
                               OR strpos(lower(name), lower($5)) > 0 OR strpos(lower(email), lower($5)) > 0)
                          AND ($6::text IS NULL OR id > $6)
                        ORDER BY id LIMIT $7""")
                .execute(params)
                .map(rows -> all(
                        rows,
                        row -> new CustomerSummary(
                                row.getString("id"),
                                row.getString("name"),
                                row.getString("email"),
                                row.getString("company"),
                                row.getString("status"),
                                row.getBigDecimal("lifetime_value"),
                                row.getBigDecimal("health_score"),
                                row.getString("health_band"),
                                row.getString("exit_state"),
                                utc(row, "updated_at"))));
    }

    /** Filters of the customer list; null means any. {@code text} matches name, email or company. */
    public record CustomerFilter(String segment, String status, String healthBand, String text) {}

    /** Newest first; {@code after} is the (occurredAt, eventId) of the previous page's last entry, or null. */
    public Uni<List<TimelineEvent>> timeline(
            String tenant, String customerId, TimelineFilter filter, TimelinePosition after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(customerId)
                .addValue(filter.eventType())
                .addValue(after == null ? null : after.occurredAt())
                .addValue(after == null ? null : after.eventId())
                .addValue(limit)
                .addValue(filter.from())
                .addValue(filter.to());
        return pool.preparedQuery("""
                        SELECT event_id, event_type, occurred_at, title, description, summary, amount, status, source_service,
                               origin, actor, data, metadata, sensitive
                        FROM timeline_events
                        WHERE tenant = $1 AND customer_id = $2 AND ($3::text IS NULL OR event_type = $3)
                          AND ($4::timestamptz IS NULL OR (occurred_at, event_id) < ($4, $5::text))
                          AND ($7::timestamptz IS NULL OR occurred_at >= $7) AND ($8::timestamptz IS NULL OR occurred_at < $8)
                        ORDER BY occurred_at DESC, event_id DESC
                        LIMIT $6""")
                .execute(params)
                .map(rows -> all(rows, row -> {
                    boolean redacted = row.getBoolean("sensitive") && !filter.maySeeSensitive();
                    return new TimelineEvent(
                            row.getString("event_id"),
                            row.getString("event_type"),
                            utc(row, "occurred_at"),
                            redacted ? null : row.getString("title"),
                            redacted ? null : row.getString("description"),
                            redacted ? null : row.getString("summary"),
                            row.getBigDecimal("amount"),
                            row.getString("status"),
                            Provenance.shownSource(row.getString("origin"), row.getString("source_service")),
                            row.getString("origin"),
                            row.getString("actor"),
                            // a partner's metadata is free text of its own: redacted with the rest
                            redacted ? null : json(row, "data"),
                            redacted ? null : json(row, "metadata"),
                            row.getBoolean("sensitive"),
                            redacted);
                }));
    }

    /** Newest first; {@code after} is the (purchasedAt, id) of the previous page's last purchase, or null. */
    public Uni<List<Purchase>> purchases(String tenant, String customerId, PurchasePosition after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(customerId)
                .addValue(after == null ? null : after.purchasedAt())
                .addValue(after == null ? null : after.id())
                .addValue(limit);
        return pool.preparedQuery("""
                        SELECT id, event_id, product_name, product_sku, quantity, price, total, purchased_at, warranty_expires
                        FROM purchases WHERE tenant = $1 AND customer_id = $2
                          AND ($3::timestamptz IS NULL OR (purchased_at, id) < ($3, $4::text))
                        ORDER BY purchased_at DESC, id DESC LIMIT $5""")
                .execute(params)
                .map(rows -> all(
                        rows,
                        row -> new Purchase(
                                row.getString("id"),
                                row.getString("event_id"),
                                row.getString("product_name"),
                                row.getString("product_sku"),
                                row.getInteger("quantity"),
                                row.getBigDecimal("price"),
                                row.getBigDecimal("total"),
                                utc(row, "purchased_at"),
                                utc(row, "warranty_expires"))));
    }

    /** Keyset position in a purchase list. */
    public record PurchasePosition(OffsetDateTime purchasedAt, String id) {}

    /** The customer's identities (kind, value), e.g. ("email", "jane@example.com"). */
    public Uni<List<Map<String, String>>> identities(String tenant, String customerId) {
        return pool.preparedQuery(
                        "SELECT kind, value FROM customer_identities WHERE tenant = $1 AND customer_id = $2 ORDER BY kind, value")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(rows, row -> Map.of("kind", row.getString("kind"), "value", row.getString("value"))));
    }

    /** Every record of the customer with its kind; sensitive notes redacted unless {@code maySeeSensitive}. */
    public Uni<List<ObjectNode>> records(String tenant, String customerId, int limit, boolean maySeeSensitive) {
        return pool.preparedQuery("""
                        SELECT kind, record_id, fields::text AS fields, first_seen_at, last_changed_at FROM records
                        WHERE tenant = $1 AND customer_id = $2 ORDER BY kind, record_id LIMIT $3""")
                .execute(Tuple.of(tenant, customerId, limit))
                .map(rows ->
                        all(rows, row -> RecordViews.view(row, maySeeSensitive).put("kind", row.getString("kind"))));
    }

    /** Links to other customers sharing an email, and merges involving the customer. */
    public Uni<List<Map<String, Object>>> links(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT customer_id, other_customer_id, kind, value, event_id, seen_at FROM identity_links
                        WHERE tenant = $1 AND (customer_id = $2 OR other_customer_id = $2) ORDER BY seen_at""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(
                        rows,
                        row -> Map.<String, Object>of(
                                "customerId",
                                row.getString("customer_id"),
                                "otherCustomerId",
                                row.getString("other_customer_id"),
                                "kind",
                                row.getString("kind"),
                                "value",
                                row.getString("value"),
                                "eventId",
                                row.getString("event_id"),
                                "seenAt",
                                utc(row, "seen_at"))));
    }

    public Uni<List<Map<String, Object>>> merges(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT id, target_id, source_id, merged_by, merged_at, unmerged_by, unmerged_at FROM merges
                        WHERE tenant = $1 AND (target_id = $2 OR source_id = $2) ORDER BY merged_at, id""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(rows, row -> {
                    Map<String, Object> merge = new java.util.LinkedHashMap<>();
                    merge.put("mergeId", row.getString("id"));
                    merge.put("targetId", row.getString("target_id"));
                    merge.put("sourceId", row.getString("source_id"));
                    merge.put("mergedBy", row.getString("merged_by"));
                    merge.put("mergedAt", utc(row, "merged_at"));
                    merge.put("unmergedBy", row.getString("unmerged_by"));
                    merge.put("unmergedAt", utc(row, "unmerged_at"));
                    return merge;
                }));
    }

    /**
     * Events that could not be applied and were parked, as stored; for a caller without c360.sensitive the payload of
     * one that may be sensitive ({@link ParkedPayloads}) is withheld ({@code payload} null, {@code redacted} true).
     */
    public Uni<List<Map<String, Object>>> parkedEvents(String tenant, String customerId, boolean maySeeSensitive) {
        return pool.preparedQuery("""
                        SELECT event_id, subject, payload, error, parked_at FROM parked_events
                        WHERE tenant = $1 AND customer_id = $2 ORDER BY parked_at""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(rows, row -> {
                    boolean redacted = !maySeeSensitive && ParkedPayloads.mayBeSensitive(row.getString("payload"));
                    Map<String, Object> parked = new java.util.LinkedHashMap<>();
                    parked.put("eventId", row.getString("event_id"));
                    parked.put("subject", row.getString("subject"));
                    parked.put("payload", redacted ? null : row.getString("payload"));
                    parked.put("redacted", redacted);
                    parked.put("error", row.getString("error"));
                    parked.put("parkedAt", utc(row, "parked_at"));
                    return parked;
                }));
    }

    /**
     * Filters of a timeline: an event type, a time range [from, to), and whether the caller may read sensitive
     * entries (others get them with title, description, summary, data and metadata removed).
     */
    public record TimelineFilter(String eventType, OffsetDateTime from, OffsetDateTime to, boolean maySeeSensitive) {
        /** Every entry, as the caller may see it. */
        public static TimelineFilter everything(boolean maySeeSensitive) {
            return new TimelineFilter(null, null, null, maySeeSensitive);
        }
    }

    /** Keyset position in a timeline. */
    public record TimelinePosition(OffsetDateTime occurredAt, String eventId) {}

    private static JsonNode json(Row row, String column) {
        return RecordViews.json(row.getValue(column));
    }

    private static OffsetDateTime utc(Row row, String column) {
        return RecordViews.utcTime(row.getOffsetDateTime(column));
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> mapping) {
        return rows.iterator().hasNext() ? mapping.apply(rows.iterator().next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapping) {
        List<T> items = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> items.add(mapping.apply(row)));
        return items;
    }
}
