package io.customer360.aggregator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One rescoring run at a time across the replicas: a PostgreSQL session advisory lock, held on a connection of its
 * own for the run. A replica that dies mid-run loses its connection, and PostgreSQL releases the lock with it.
 */
@ApplicationScoped
public class RescoringLock {

    private final Pool pool;

    RescoringLock(Pool pool) {
        this.pool = pool;
    }

    /** The lock, held until {@link #release()}. */
    public static final class Held {

        private final SqlConnection connection;
        private final long key;

        private Held(SqlConnection connection, long key) {
            this.connection = connection;
            this.key = key;
        }

        /** Releases the lock and its connection; never fails (a lost connection released it already). */
        public Uni<Void> release() {
            return connection
                    .preparedQuery("SELECT pg_advisory_unlock($1)")
                    .execute(Tuple.of(key))
                    .onFailure()
                    .recoverWithNull()
                    .eventually(() -> {
                        return connection.close();
                    })
                    .onFailure()
                    .recoverWithNull()
                    .replaceWithVoid();
        }
    }

    /** Takes lock {@code key} if no other session holds it; null (and nothing kept) when one does. */
    public Uni<Held> tryAcquire(long key) {
        return pool.getConnection()
                .chain(connection -> connection
                        .preparedQuery("SELECT pg_try_advisory_lock($1)")
                        .execute(Tuple.of(key))
                        .onFailure()
                        .call(connection::close)
                        .chain(rows -> rows.iterator().next().getBoolean(0)
                                ? Uni.createFrom().item(new Held(connection, key))
                                : connection.close().replaceWith((Held) null)));
    }
}
