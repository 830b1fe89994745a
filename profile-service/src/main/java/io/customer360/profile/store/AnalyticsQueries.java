package io.customer360.profile.store;

import io.customer360.common.contract.profile.AnalyticsDailyCount;
import io.customer360.common.contract.profile.AnalyticsInteraction;
import io.customer360.common.contract.profile.AnalyticsSegmentSize;
import io.customer360.profile.domain.AnalyticsResponses.SegmentMembership;
import io.customer360.profile.domain.Interactions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregations for {@code customer-analytics.md}, computed by PostgreSQL and always scoped to one tenant. Only
 * {@link Interactions} are counted and listed; each is counted with the status it carried (the timeline entry's), not
 * the current status of the record it changed. Segment membership is the {@code segment} records whose
 * {@code active} is true.
 */
@ApplicationScoped
public class AnalyticsQueries {

    static final String ACTIVE_SEGMENT = "kind = 'segment' AND coalesce((fields -> 'active' ->> 'v')::boolean, true)";

    private final Pool pool;

    AnalyticsQueries(Pool pool) {
        this.pool = pool;
    }

    /** Per (type, status): count and latest time. */
    public Uni<RowSet<Row>> interactionCounts(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT event_type, status, count(*) AS interactions, max(occurred_at) AS last_at
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = ANY($3)
                        GROUP BY event_type, status""").execute(Tuple.of(tenant, customerId).addArrayOfString(Interactions.TYPE_ARRAY));
    }

    public Uni<List<SegmentMembership>> memberships(String tenant, String customerId) {
        return pool.preparedQuery("SELECT record_id, fields FROM records WHERE tenant = $1 AND customer_id = $2 AND "
                        + ACTIVE_SEGMENT + " ORDER BY record_id")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> {
                    List<SegmentMembership> segments = new ArrayList<>();
                    rows.forEach(row -> {
                        io.vertx.core.json.JsonObject fields = row.getJsonObject("fields");
                        segments.add(new SegmentMembership(
                                row.getString("record_id"),
                                value(fields, "value") == null
                                        ? null
                                        : new java.math.BigDecimal(value(fields, "value")),
                                value(fields, "assigned_at") == null
                                        ? null
                                        : OffsetDateTime.parse(value(fields, "assigned_at")),
                                value(fields, "description")));
                    });
                    return segments;
                });
    }

    /** Newest first; {@code customerId} null for the whole tenant. Sensitive titles are left out unless allowed. */
    public Uni<List<AnalyticsInteraction>> recent(
            String tenant, String customerId, int limit, boolean maySeeSensitive) {
        return pool.preparedQuery("""
                        SELECT event_id, customer_id, event_type, title, status, occurred_at, sensitive FROM timeline_events
                        WHERE tenant = $1 AND ($2::text IS NULL OR customer_id = $2) AND event_type = ANY($4)
                        ORDER BY occurred_at DESC, event_id DESC LIMIT $3""")
                .execute(Tuple.tuple()
                        .addValue(tenant)
                        .addValue(customerId)
                        .addValue(limit)
                        .addArrayOfString(Interactions.TYPE_ARRAY))
                .map(rows -> {
                    List<AnalyticsInteraction> items = new ArrayList<>();
                    rows.forEach(row -> items.add(new AnalyticsInteraction(
                            row.getString("event_id"),
                            row.getString("customer_id"),
                            row.getString("event_type"),
                            row.getBoolean("sensitive") && !maySeeSensitive ? null : row.getString("title"),
                            row.getString("status"),
                            RecordViews.utcTime(row.getOffsetDateTime("occurred_at")))));
                    return items;
                });
    }

    /** Members (ever) of a segment, and whether it exists at all. */
    public Uni<Row> segmentTotals(String tenant, String segment) {
        return pool.preparedQuery("""
                        WITH members AS (SELECT customer_id FROM records WHERE tenant = $1 AND kind = 'segment' AND record_id = $2
                                           AND coalesce((fields -> 'active' ->> 'v')::boolean, true))
                        SELECT (SELECT count(*) FROM records WHERE tenant = $1 AND kind = 'segment' AND record_id = $2) AS ever,
                               (SELECT count(*) FROM members) AS customers,
                               (SELECT count(*) FROM timeline_events t JOIN members m ON t.customer_id = m.customer_id
                                WHERE t.tenant = $1 AND t.event_type = ANY($3)) AS interactions""")
                .execute(Tuple.of(tenant, segment).addArrayOfString(Interactions.TYPE_ARRAY))
                .map(rows -> rows.iterator().next());
    }

    public Uni<Map<String, Long>> segmentTypes(String tenant, String segment) {
        return pool.preparedQuery("""
                        SELECT t.event_type, count(*) AS interactions FROM timeline_events t
                        JOIN records s ON s.tenant = t.tenant AND s.customer_id = t.customer_id
                        WHERE t.tenant = $1 AND s.kind = 'segment' AND s.record_id = $2
                          AND coalesce((s.fields -> 'active' ->> 'v')::boolean, true) AND t.event_type = ANY($3)
                        GROUP BY 1 ORDER BY 2 DESC, 1""")
                .execute(Tuple.of(tenant, segment).addArrayOfString(Interactions.TYPE_ARRAY))
                .map(AnalyticsQueries::countsByKey);
    }

    /** Interactions per UTC day over the last {@code days} days, every day present (zero when quiet). */
    public Uni<List<AnalyticsDailyCount>> daily(String tenant, String segment, int days) {
        return pool.preparedQuery("""
                        SELECT d::date AS day, count(t.event_id) AS interactions
                        FROM generate_series((now() AT TIME ZONE 'UTC')::date - ($3::int - 1), (now() AT TIME ZONE 'UTC')::date,
                                             interval '1 day') AS d
                        LEFT JOIN timeline_events t ON t.tenant = $1 AND t.event_type = ANY($4)
                             AND t.occurred_at >= d::date AT TIME ZONE 'UTC' AND t.occurred_at < (d::date + 1) AT TIME ZONE 'UTC'
                             AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM records s WHERE s.tenant = t.tenant
                                  AND s.customer_id = t.customer_id AND s.kind = 'segment' AND s.record_id = $2
                                  AND coalesce((s.fields -> 'active' ->> 'v')::boolean, true)))
                        GROUP BY 1 ORDER BY 1""")
                .execute(Tuple.tuple()
                        .addValue(tenant)
                        .addValue(segment)
                        .addValue(days)
                        .addArrayOfString(Interactions.TYPE_ARRAY))
                .map(rows -> {
                    List<AnalyticsDailyCount> timeline = new ArrayList<>();
                    rows.forEach(row -> timeline.add(
                            new AnalyticsDailyCount(row.getLocalDate("day"), row.getLong("interactions"))));
                    return timeline;
                });
    }

    /** Customers and interactions of the tenant, and interactions since the start of today (UTC), 7 and 30 days ago. */
    public Uni<Row> organizationTotals(String tenant) {
        return pool.preparedQuery("""
                        WITH interactions AS (SELECT occurred_at FROM timeline_events WHERE tenant = $1 AND event_type = ANY($2))
                        SELECT (SELECT count(*) FROM customers WHERE tenant = $1) AS customers,
                               (SELECT count(*) FROM interactions) AS interactions,
                               (SELECT count(*) FROM interactions
                                  WHERE occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS today,
                               (SELECT count(*) FROM interactions WHERE occurred_at >= now() - interval '7 days') AS week,
                               (SELECT count(*) FROM interactions WHERE occurred_at >= now() - interval '30 days') AS month""")
                .execute(Tuple.of(tenant).addArrayOfString(Interactions.TYPE_ARRAY))
                .map(rows -> rows.iterator().next());
    }

    /** Segments with their active members, largest first. */
    public Uni<List<AnalyticsSegmentSize>> segments(String tenant, int limit) {
        return pool.preparedQuery(
                        "SELECT record_id, count(*) AS customers, max(fields -> 'description' ->> 'v') AS description "
                                + "FROM records WHERE tenant = $1 AND " + ACTIVE_SEGMENT + " GROUP BY record_id "
                                + "ORDER BY customers DESC, record_id LIMIT $2")
                .execute(Tuple.of(tenant, limit))
                .map(rows -> {
                    List<AnalyticsSegmentSize> sizes = new ArrayList<>();
                    rows.forEach(row -> sizes.add(new AnalyticsSegmentSize(
                            row.getString("record_id"), row.getLong("customers"), row.getString("description"))));
                    return sizes;
                });
    }

    private static Map<String, Long> countsByKey(RowSet<Row> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private static String value(io.vertx.core.json.JsonObject fields, String field) {
        io.vertx.core.json.JsonObject entry = fields.getJsonObject(field);
        Object value = entry == null ? null : entry.getValue("v");
        return value == null ? null : value.toString();
    }
}
