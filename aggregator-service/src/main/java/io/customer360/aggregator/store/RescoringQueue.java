package io.customer360.aggregator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The accounts due for background rescoring (table {@code rescoring_due}): marked when they change, when their state
 * was last recorded too long ago, or when account discovery finds them without a state; taken by a run changed first
 * then oldest first, and deleted only once recorded.
 */
@ApplicationScoped
public class RescoringQueue {

    private final Pool pool;

    RescoringQueue(Pool pool) {
        this.pool = pool;
    }

    /** A due account as a run took it; {@code mark} tells whether it was marked again since. */
    public record Due(String tenant, String customerId, String reason, long mark, int attempts) {}

    /** The customer changed: due at once, before the accounts that are only stale. */
    public Uni<Void> changed(String tenant, String customerId) {
        return pool.preparedQuery("""
                        INSERT INTO rescoring_due (tenant, customer_id, reason) VALUES ($1, $2, 'changed')
                        ON CONFLICT (tenant, customer_id) DO UPDATE SET reason = 'changed', mark = nextval('rescoring_mark'),
                            next_attempt_at = now()""").execute(Tuple.of(tenant, customerId)).replaceWithVoid();
    }

    /** Marks the tenants' accounts whose state was last recorded more than {@code staleAfter} ago; answers how many. */
    public Uni<Integer> markStale(List<String> tenants, Duration staleAfter) {
        return pool.preparedQuery("""
                        INSERT INTO rescoring_due (tenant, customer_id, reason)
                        SELECT tenant, customer_id, 'stale' FROM account_states
                        WHERE tenant = ANY($1) AND updated_at < now() - make_interval(secs => $2)
                        ON CONFLICT (tenant, customer_id) DO NOTHING""")
                .execute(Tuple.of(tenants.toArray(String[]::new), (double) staleAfter.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    /**
     * Marks those of the tenant's {@code customerIds} (found by account discovery) that have neither a state nor a due
     * row; answers how many.
     */
    public Uni<Integer> markDiscovered(String tenant, List<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                        INSERT INTO rescoring_due (tenant, customer_id, reason)
                        SELECT $1, id, 'discovered' FROM unnest($2::text[]) AS listed(id)
                        WHERE NOT EXISTS (SELECT 1 FROM account_states s WHERE s.tenant = $1 AND s.customer_id = listed.id)
                        ON CONFLICT (tenant, customer_id) DO NOTHING""")
                .execute(Tuple.of(tenant, customerIds.toArray(String[]::new)))
                .map(rows -> rows.rowCount());
    }

    /** At most {@code limit} of the tenants' accounts due now: changed ones first, then those due longest. */
    public Uni<List<Due>> next(List<String> tenants, int limit) {
        return pool.preparedQuery("""
                        SELECT tenant, customer_id, reason, mark, attempts FROM rescoring_due
                        WHERE tenant = ANY($1) AND next_attempt_at <= now()
                        ORDER BY (reason = 'changed') DESC, due_since, tenant, customer_id LIMIT $2""")
                .execute(Tuple.of(tenants.toArray(String[]::new), limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(RescoringQueue::due)
                        .toList());
    }

    /** The account was recorded: no longer due, unless it was marked again after the run took it. */
    public Uni<Boolean> done(Due due) {
        return pool.preparedQuery("DELETE FROM rescoring_due WHERE tenant = $1 AND customer_id = $2 AND mark = $3")
                .execute(Tuple.of(due.tenant(), due.customerId(), due.mark()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The attempt failed: due again after {@code retryAfter} doubled per earlier failure, at most {@code maxRetryAfter}. */
    public Uni<Void> failed(Due due, Duration retryAfter, Duration maxRetryAfter) {
        return pool.preparedQuery("""
                        UPDATE rescoring_due SET attempts = attempts + 1,
                            next_attempt_at = now() + make_interval(secs => least($3 * power(2, least(attempts, 30)), $4))
                        WHERE tenant = $1 AND customer_id = $2 AND mark = $5""")
                .execute(Tuple.of(
                        due.tenant(),
                        due.customerId(),
                        (double) retryAfter.toSeconds(),
                        (double) maxRetryAfter.toSeconds(),
                        due.mark()))
                .replaceWithVoid();
    }

    /** How many accounts are due (now or after a retry wait), for the backlog gauge. */
    public Uni<Long> backlog() {
        return pool.query("SELECT count(*) FROM rescoring_due")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static Due due(Row row) {
        return new Due(
                row.getString("tenant"),
                row.getString("customer_id"),
                row.getString("reason"),
                row.getLong("mark"),
                row.getInteger("attempts"));
    }
}
