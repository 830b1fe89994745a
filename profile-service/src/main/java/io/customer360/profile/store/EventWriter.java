package io.customer360.profile.store;

import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.domain.ProfileEvent;
import io.customer360.profile.service.EventProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Applies one event to the store in one transaction, idempotently and order-insensitively: the timeline row is
 * keyed by event id (a redelivery changes nothing), identity fields follow the newest event time, and derived
 * values (lifetime value) are recomputed from rows, never incremented.
 */
@ApplicationScoped
public class EventWriter {

    private final Pool pool;

    EventWriter(Pool pool) {
        this.pool = pool;
    }

    public Uni<AppliedEvent> apply(ProfileEvent event, EventProjection projection) {
        return pool.withTransaction(conn -> resolveCustomer(conn, event)
                .flatMap(customerId -> alreadyStored(conn, event)
                        .flatMap(stored -> stored
                                ? identity(conn, event.tenant(), customerId).map(identity -> new AppliedEvent(customerId, identity, List.of()))
                                : store(conn, event, projection, customerId))));
    }

    private Uni<AppliedEvent> store(SqlConnection conn, ProfileEvent event, EventProjection projection, String customerId) {
        List<String> sections = new ArrayList<>(List.of("profile", "timeline"));
        Uni<Void> chain = upsertCustomer(conn, event, projection.identity(), customerId)
                .flatMap(ignored -> linkEmail(conn, event.tenant(), projection.identity().email(), customerId))
                .flatMap(ignored -> insertTimeline(conn, event, projection.timeline(), customerId));
        if (projection.purchase() != null) {
            sections.add("purchases");
            chain = chain.flatMap(ignored -> insertPurchase(conn, event, projection.purchase(), customerId))
                    .flatMap(ignored -> recomputeLifetimeValue(conn, event.tenant(), customerId));
        }
        return chain.flatMap(ignored -> identity(conn, event.tenant(), customerId))
                .map(identity -> new AppliedEvent(customerId, identity, List.copyOf(sections)));
    }

    /** The event's customer id; else the customer its email belongs to; else a new id derived from the email. */
    private Uni<String> resolveCustomer(SqlConnection conn, ProfileEvent event) {
        if (event.customerId() != null) {
            return Uni.createFrom().item(event.customerId());
        }
        String email = event.email().toLowerCase(Locale.ROOT);
        return conn.preparedQuery("SELECT customer_id FROM customer_identities WHERE tenant = $1 AND kind = 'email' AND value = $2")
                .execute(Tuple.of(event.tenant(), email))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : idForEmail(event.tenant(), email));
    }

    /** Deterministic, so concurrent email-only events of a new customer create one profile, not two. */
    static String idForEmail(String tenant, String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((tenant + "\n" + email).getBytes(StandardCharsets.UTF_8));
            return "cus_" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Boolean> alreadyStored(SqlConnection conn, ProfileEvent event) {
        return conn.preparedQuery("SELECT 1 FROM timeline_events WHERE tenant = $1 AND event_id = $2")
                .execute(Tuple.of(event.tenant(), event.eventId()))
                .map(rows -> rows.rowCount() > 0);
    }

    private Uni<Void> upsertCustomer(SqlConnection conn, ProfileEvent event, EventProjection.Identity identity, String customerId) {
        Tuple params = Tuple.tuple()
                .addValue(event.tenant()).addValue(customerId)
                .addValue(identity.name()).addValue(identity.email()).addValue(identity.phone()).addValue(identity.company())
                .addValue(utc(event.occurredAt()));
        // a field changes only when this event is at least as new as the one that set the identity last
        return conn.preparedQuery("""
                        INSERT INTO customers (tenant, id, name, email, phone, company, customer_since, identity_updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                        ON CONFLICT (tenant, id) DO UPDATE SET
                            name    = CASE WHEN excluded.identity_updated_at >= customers.identity_updated_at
                                           THEN coalesce(excluded.name, customers.name) ELSE coalesce(customers.name, excluded.name) END,
                            email   = CASE WHEN excluded.identity_updated_at >= customers.identity_updated_at
                                           THEN coalesce(excluded.email, customers.email) ELSE coalesce(customers.email, excluded.email) END,
                            phone   = CASE WHEN excluded.identity_updated_at >= customers.identity_updated_at
                                           THEN coalesce(excluded.phone, customers.phone) ELSE coalesce(customers.phone, excluded.phone) END,
                            company = CASE WHEN excluded.identity_updated_at >= customers.identity_updated_at
                                           THEN coalesce(excluded.company, customers.company) ELSE coalesce(customers.company, excluded.company) END,
                            customer_since      = least(customers.customer_since, excluded.customer_since),
                            identity_updated_at = greatest(customers.identity_updated_at, excluded.identity_updated_at),
                            updated_at          = now()""")
                .execute(params)
                .replaceWithVoid();
    }

    private Uni<Void> linkEmail(SqlConnection conn, String tenant, String email, String customerId) {
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                        INSERT INTO customer_identities (tenant, kind, value, customer_id) VALUES ($1, 'email', $2, $3)
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(tenant, email, customerId))
                .replaceWithVoid();
    }

    private Uni<Void> insertTimeline(SqlConnection conn, ProfileEvent event, EventProjection.TimelineEntry entry, String customerId) {
        Tuple params = Tuple.tuple()
                .addValue(event.tenant()).addValue(event.eventId()).addValue(customerId).addValue(event.eventType())
                .addValue(utc(event.occurredAt())).addValue(entry.title()).addValue(entry.description())
                .addValue(event.summary()).addValue(entry.amount()).addValue(entry.status()).addValue(event.sourceService())
                .addValue(new JsonObject(event.data().toString())).addValue(new JsonObject(event.metadata().toString()))
                .addValue(utc(event.receivedAt()));
        return conn.preparedQuery("""
                        INSERT INTO timeline_events (tenant, event_id, customer_id, event_type, occurred_at, title, description,
                                                     summary, amount, status, source_service, data, metadata, received_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                        ON CONFLICT (tenant, event_id) DO NOTHING""")
                .execute(params)
                .replaceWithVoid();
    }

    private Uni<Void> insertPurchase(SqlConnection conn, ProfileEvent event, EventProjection.PurchaseRow row, String customerId) {
        Tuple params = Tuple.tuple()
                .addValue(event.tenant()).addValue(row.id()).addValue(customerId).addValue(event.eventId())
                .addValue(row.productName()).addValue(row.productSku()).addValue(row.quantity()).addValue(row.price())
                .addValue(row.total()).addValue(utc(event.occurredAt()))
                .addValue(row.warrantyExpires() == null ? null : utc(row.warrantyExpires()));
        return conn.preparedQuery("""
                        INSERT INTO purchases (tenant, id, customer_id, event_id, product_name, product_sku, quantity, price,
                                               total, purchased_at, warranty_expires)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        ON CONFLICT (tenant, id) DO NOTHING""")
                .execute(params)
                .replaceWithVoid();
    }

    private Uni<Void> recomputeLifetimeValue(SqlConnection conn, String tenant, String customerId) {
        return conn.preparedQuery("""
                        UPDATE customers SET lifetime_value =
                            (SELECT coalesce(sum(total), 0) FROM purchases WHERE tenant = $1 AND customer_id = $2)
                        WHERE tenant = $1 AND id = $2""")
                .execute(Tuple.of(tenant, customerId))
                .replaceWithVoid();
    }

    private Uni<AppliedEvent.Identity> identity(SqlConnection conn, String tenant, String customerId) {
        return conn.preparedQuery("SELECT name, email, company FROM customers WHERE tenant = $1 AND id = $2")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return new AppliedEvent.Identity(null, null, null, null);
                    }
                    Row row = rows.iterator().next();
                    String email = row.getString("email");
                    String domain = email == null ? null : email.substring(email.indexOf('@') + 1);
                    return new AppliedEvent.Identity(row.getString("name"), email, row.getString("company"), domain);
                });
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
