package io.customer360.profile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.profile.domain.Customer;
import io.customer360.profile.domain.Purchase;
import io.customer360.profile.domain.TimelineEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads of the customer store, always scoped to one tenant. */
@ApplicationScoped
public class CustomerQueries {

    private final Pool pool;
    private final ObjectMapper mapper;

    CustomerQueries(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<Customer> customer(String tenant, String id) {
        return pool.preparedQuery("""
                        SELECT id, name, email, phone, company, status, customer_since, lifetime_value, created_at, updated_at
                        FROM customers WHERE tenant = $1 AND id = $2""")
                .execute(Tuple.of(tenant, id))
                .map(rows -> first(rows, row -> new Customer(row.getString("id"), row.getString("name"),
                        row.getString("email"), row.getString("phone"), row.getString("company"), row.getString("status"),
                        utc(row, "customer_since"), row.getBigDecimal("lifetime_value"), utc(row, "created_at"),
                        utc(row, "updated_at"))));
    }

    /** Newest first; {@code after} is the (occurredAt, eventId) of the previous page's last entry, or null. */
    public Uni<List<TimelineEvent>> timeline(String tenant, String customerId, String eventType, TimelinePosition after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant).addValue(customerId).addValue(eventType)
                .addValue(after == null ? null : after.occurredAt()).addValue(after == null ? null : after.eventId())
                .addValue(limit);
        return pool.preparedQuery("""
                        SELECT event_id, event_type, occurred_at, title, description, summary, amount, status, source_service,
                               data, metadata
                        FROM timeline_events
                        WHERE tenant = $1 AND customer_id = $2 AND ($3::text IS NULL OR event_type = $3)
                          AND ($4::timestamptz IS NULL OR (occurred_at, event_id) < ($4, $5::text))
                        ORDER BY occurred_at DESC, event_id DESC
                        LIMIT $6""")
                .execute(params)
                .map(rows -> all(rows, row -> new TimelineEvent(row.getString("event_id"), row.getString("event_type"),
                        utc(row, "occurred_at"), row.getString("title"), row.getString("description"), row.getString("summary"),
                        row.getBigDecimal("amount"), row.getString("status"), row.getString("source_service"),
                        json(row, "data"), json(row, "metadata"))));
    }

    /** Newest first; {@code after} is the (purchasedAt, id) of the previous page's last purchase, or null. */
    public Uni<List<Purchase>> purchases(String tenant, String customerId, PurchasePosition after, int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant).addValue(customerId)
                .addValue(after == null ? null : after.purchasedAt()).addValue(after == null ? null : after.id())
                .addValue(limit);
        return pool.preparedQuery("""
                        SELECT id, event_id, product_name, product_sku, quantity, price, total, purchased_at, warranty_expires
                        FROM purchases WHERE tenant = $1 AND customer_id = $2
                          AND ($3::timestamptz IS NULL OR (purchased_at, id) < ($3, $4::text))
                        ORDER BY purchased_at DESC, id DESC LIMIT $5""")
                .execute(params)
                .map(rows -> all(rows, row -> new Purchase(row.getString("id"), row.getString("event_id"),
                        row.getString("product_name"), row.getString("product_sku"), row.getInteger("quantity"),
                        row.getBigDecimal("price"), row.getBigDecimal("total"), utc(row, "purchased_at"),
                        utc(row, "warranty_expires"))));
    }

    /** Keyset position in a purchase list. */
    public record PurchasePosition(OffsetDateTime purchasedAt, String id) {
    }

    /** The customer's identities (kind, value), e.g. ("email", "jane@example.com"). */
    public Uni<List<Map<String, String>>> identities(String tenant, String customerId) {
        return pool.preparedQuery("SELECT kind, value FROM customer_identities WHERE tenant = $1 AND customer_id = $2 ORDER BY kind, value")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(rows, row -> Map.of("kind", row.getString("kind"), "value", row.getString("value"))));
    }

    /** Events that could not be applied and were parked, as stored. */
    public Uni<List<Map<String, Object>>> parkedEvents(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT event_id, subject, payload, error, parked_at FROM parked_events
                        WHERE tenant = $1 AND customer_id = $2 ORDER BY parked_at""")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> all(rows, row -> Map.<String, Object>of("eventId", row.getString("event_id"),
                        "subject", row.getString("subject"), "payload", row.getString("payload"),
                        "error", row.getString("error"), "parkedAt", utc(row, "parked_at"))));
    }

    /** Keyset position in a timeline. */
    public record TimelinePosition(OffsetDateTime occurredAt, String eventId) {
    }

    private JsonNode json(Row row, String column) {
        Object value = row.getValue(column);
        try {
            return value == null ? null : mapper.readTree(((JsonObject) value).encode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not readable", e);
        }
    }

    private static OffsetDateTime utc(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.withOffsetSameInstant(ZoneOffset.UTC);
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
