package io.customer360.aggregator.store;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads the access audit of one tenant, newest first, optionally for one customer. */
@ApplicationScoped
public class AuditQueries {

    private final Pool pool;

    AuditQueries(Pool pool) {
        this.pool = pool;
    }

    public record Position(OffsetDateTime accessedAt, long id) {}

    public Uni<Page<AuditRecord>> page(String tenant, String customerId, Position after, int limit) {
        return pool.preparedQuery("""
                        SELECT id, customer_id, subject, agent, purpose, channel, status, redactions, accessed_at FROM access_audit
                        WHERE tenant = $1 AND ($2::text IS NULL OR customer_id = $2)
                          AND ($3::timestamptz IS NULL OR (accessed_at, id) < ($3, $4))
                        ORDER BY accessed_at DESC, id DESC LIMIT $5""")
                .execute(Tuple.of(
                        tenant,
                        customerId,
                        after == null ? null : after.accessedAt(),
                        after == null ? 0L : after.id(),
                        limit + 1))
                .map(rows -> {
                    List<AuditRecord> records = new ArrayList<>();
                    rows.forEach(row -> records.add(new AuditRecord(
                            row.getLong("id"),
                            row.getString("customer_id"),
                            row.getString("subject"),
                            row.getString("agent"),
                            row.getString("purpose"),
                            row.getString("channel"),
                            row.getInteger("status"),
                            row.getString("redactions"),
                            row.getOffsetDateTime("accessed_at").withOffsetSameInstant(ZoneOffset.UTC))));
                    return Page.of(records, limit, last -> Cursors.encode(last.accessedAt(), last.id()));
                });
    }
}
