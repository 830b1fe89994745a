package io.customer360.aggregator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Where each tenant's account-discovery pass stands (table {@code rescoring_discovery}): the cursor of the next page
 * of profile-service's customer list, when the pass started and when it finished. Written only under the rescoring
 * run's lock.
 */
@ApplicationScoped
public class RescoringDiscovery {

    private final Pool pool;

    RescoringDiscovery(Pool pool) {
        this.pool = pool;
    }

    /** A tenant's pass: in progress (from {@code nextCursor}, null for the first page) or finished. */
    public record Pass(String tenant, String nextCursor, OffsetDateTime startedAt, OffsetDateTime finishedAt) {

        public boolean finished() {
            return finishedAt != null;
        }
    }

    /**
     * The tenant's pass to continue: a new one (from the first page) when there was none or the last finished more than
     * {@code every} ago, else the one in progress, or the finished one (nothing to read) when it finished more recently.
     */
    public Uni<Pass> current(String tenant, Duration every) {
        return pool.preparedQuery("""
                        INSERT INTO rescoring_discovery (tenant) VALUES ($1)
                        ON CONFLICT (tenant) DO UPDATE SET next_cursor = NULL, started_at = now(), finished_at = NULL
                        WHERE rescoring_discovery.finished_at < now() - make_interval(secs => $2)""")
                .execute(Tuple.of(tenant, (double) every.toSeconds()))
                .chain(() -> pass(tenant));
    }

    /** A page was read: the pass goes on from {@code nextCursor}, or finished when it is null. */
    public Uni<Void> advance(String tenant, String nextCursor) {
        return pool.preparedQuery("""
                        UPDATE rescoring_discovery SET next_cursor = $2, finished_at = CASE WHEN $2::text IS NULL THEN now() END
                        WHERE tenant = $1""").execute(Tuple.of(tenant, nextCursor)).replaceWithVoid();
    }

    /** The pass starts over from the first page (its cursor was refused). */
    public Uni<Void> restart(String tenant) {
        return pool.preparedQuery("""
                        UPDATE rescoring_discovery SET next_cursor = NULL, started_at = now(), finished_at = NULL
                        WHERE tenant = $1""").execute(Tuple.of(tenant)).replaceWithVoid();
    }

    /** The tenant's pass as stored, or null before its first. */
    public Uni<Pass> pass(String tenant) {
        return pool.preparedQuery("SELECT * FROM rescoring_discovery WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .map(RescoringDiscovery::first);
    }

    private static Pass first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : pass(rows.iterator().next());
    }

    private static Pass pass(Row row) {
        return new Pass(
                row.getString("tenant"),
                row.getString("next_cursor"),
                row.getOffsetDateTime("started_at"),
                row.getOffsetDateTime("finished_at"));
    }
}
