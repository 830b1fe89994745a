package io.customer360.profile.store;

import io.customer360.common.nats.CustomerTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Erases a customer, and every profile merged into it, from every table of the store in one transaction and records
 * one erasure per id in the outbox ({@code erasures}), from which {@code customer.erased} is published, so other
 * services erase what they hold under any of the ids. The same row names the subject tokens of the customer's
 * messages in NATS ({@code stream_tokens}), which {@code ErasurePurge} purges once the erasure committed.
 */
@ApplicationScoped
public class CustomerErasure {

    private final Pool pool;

    CustomerErasure(Pool pool) {
        this.pool = pool;
    }

    /** An erasure waiting to be announced. */
    public record PendingErasure(
            String tenant, String customerId, OffsetDateTime erasedAt, List<String> streamTokens) {}

    /**
     * An erasure whose NATS messages are not purged yet: {@code streamTokens} are the customer tokens of its
     * {@code profile.events} subjects (the id, and for the erased customer the hashed token of each of its emails).
     */
    public record PendingPurge(String tenant, String customerId, OffsetDateTime erasedAt, List<String> streamTokens) {}

    /** Whether the customer existed (and is now erased). */
    public Uni<Boolean> erase(String tenant, String customerId, String erasedBy) {
        Tuple key = Tuple.of(tenant, customerId);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT ARRAY(SELECT alias_id FROM customer_aliases WHERE tenant = $1 AND customer_id = $2) AS aliases,
                               ARRAY(SELECT value FROM customer_identities WHERE tenant = $1 AND customer_id = $2 AND kind = 'email'
                                     UNION SELECT email FROM customers WHERE tenant = $1 AND id = $2 AND email IS NOT NULL
                                     UNION SELECT source_row->>'email' FROM merges
                                           WHERE tenant = $1 AND target_id = $2 AND unmerged_at IS NULL
                                             AND source_row->>'email' IS NOT NULL) AS emails
                        FROM customers WHERE tenant = $1 AND id = $2 FOR UPDATE""").execute(key).flatMap(rows -> {
            if (!rows.iterator().hasNext()) {
                // not a customer (or an alias of a merged one): nothing is touched
                return Uni.createFrom().item(false);
            }
            // the customer and every profile merged into it: each id is erased everywhere
            Row found = rows.iterator().next();
            List<String> ids = new ArrayList<>(List.of(found.getArrayOfStrings("aliases")));
            ids.add(0, customerId);
            // the subject tokens of the customer's normalized events, read before its identities are deleted:
            // its id, and events that named it only by an email (hashed: the outbox keeps no email)
            Set<String> tokens = new LinkedHashSet<>();
            tokens.add(customerId);
            for (String email : found.getArrayOfStrings("emails")) {
                if (email != null && !email.isBlank()) {
                    tokens.add(CustomerTokens.ofEmail(email));
                }
            }
            Tuple all = Tuple.tuple().addValue(tenant).addArrayOfString(ids.toArray(String[]::new));
            return conn.preparedQuery("DELETE FROM parked_events WHERE tenant = $1 AND customer_id = ANY($2)")
                    .execute(all)
                    .flatMap(ignored -> conn.preparedQuery("""
                                    DELETE FROM identity_links WHERE tenant = $1
                                      AND (customer_id = ANY($2) OR other_customer_id = ANY($2))""").execute(all))
                    // a merge remembers the merged customer's row: the erasure of either side removes it
                    .flatMap(ignored -> conn.preparedQuery(
                                    "DELETE FROM merges WHERE tenant = $1 AND (target_id = ANY($2) OR source_id = ANY($2))")
                            .execute(all))
                    // identities, aliases, timeline, records and purchases go with the customer (ON DELETE CASCADE)
                    .flatMap(ignored -> conn.preparedQuery("DELETE FROM customers WHERE tenant = $1 AND id = $2")
                            .execute(key))
                    .flatMap(ignored -> conn.preparedQuery("""
                                    INSERT INTO erasures (tenant, customer_id, erased_by, stream_tokens)
                                    SELECT $1, id, $3, CASE WHEN id = $4 THEN $5::text[] ELSE ARRAY[id] END
                                    FROM unnest($2::text[]) AS id""")
                            .execute(Tuple.tuple()
                                    .addValue(tenant)
                                    .addArrayOfString(ids.toArray(String[]::new))
                                    .addValue(erasedBy)
                                    .addValue(customerId)
                                    .addArrayOfString(tokens.toArray(String[]::new))))
                    .replaceWith(true);
        }));
    }

    public Uni<List<PendingErasure>> unpublished(int limit) {
        return pool.preparedQuery("""
                        SELECT tenant, customer_id, erased_at, stream_tokens FROM erasures WHERE published_at IS NULL
                        ORDER BY erased_at LIMIT $1""").execute(Tuple.of(limit)).map(rows -> {
            List<PendingErasure> pending = new ArrayList<>();
            for (Row row : rows) {
                String[] tokens = row.getArrayOfStrings("stream_tokens");
                pending.add(new PendingErasure(
                        row.getString("tenant"),
                        row.getString("customer_id"),
                        row.getOffsetDateTime("erased_at"),
                        tokens == null ? List.of() : List.of(tokens)));
            }
            return pending;
        });
    }

    public Uni<List<PendingPurge>> unpurged(int limit) {
        return pool.preparedQuery("""
                        SELECT tenant, customer_id, erased_at, stream_tokens FROM erasures WHERE purged_at IS NULL
                        ORDER BY erased_at LIMIT $1""").execute(Tuple.of(limit)).map(rows -> {
            List<PendingPurge> pending = new ArrayList<>();
            for (Row row : rows) {
                Set<String> tokens = new LinkedHashSet<>();
                tokens.add(row.getString("customer_id")); // erasures recorded before the tokens were
                tokens.addAll(List.of(row.getArrayOfStrings("stream_tokens")));
                pending.add(new PendingPurge(
                        row.getString("tenant"),
                        row.getString("customer_id"),
                        row.getOffsetDateTime("erased_at"),
                        List.copyOf(tokens)));
            }
            return pending;
        });
    }

    public Uni<Void> markPurged(PendingPurge erasure) {
        return pool.preparedQuery("""
                        UPDATE erasures SET purged_at = now()
                        WHERE tenant = $1 AND customer_id = $2 AND erased_at = $3""")
                .execute(Tuple.of(erasure.tenant(), erasure.customerId(), erasure.erasedAt()))
                .replaceWithVoid();
    }

    public Uni<Void> markPublished(PendingErasure erasure) {
        return pool.preparedQuery("""
                        UPDATE erasures SET published_at = now()
                        WHERE tenant = $1 AND customer_id = $2 AND erased_at = $3""")
                .execute(Tuple.of(erasure.tenant(), erasure.customerId(), erasure.erasedAt()))
                .replaceWithVoid();
    }
}
