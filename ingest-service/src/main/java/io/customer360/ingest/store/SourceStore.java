package io.customer360.ingest.store;

import io.customer360.ingest.domain.Source;
import io.customer360.ingest.domain.SourceIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sources of the Segment intake and the hashes of their write keys, per tenant. */
@ApplicationScoped
public class SourceStore {

    private static final String COLUMNS = "id, name, created_at, created_by, revoked_at";

    private final Pool pool;

    SourceStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Source> create(String tenant, String name, byte[] keyHash, String user) {
        return pool.preparedQuery(
                        "INSERT INTO segment_sources (id, tenant, name, key_hash, created_by) VALUES ($1, $2, $3, $4, $5) "
                                + "RETURNING " + COLUMNS)
                .execute(Tuple.of(UUID.randomUUID(), tenant, name, Buffer.buffer(keyHash), user))
                .map(rows -> toSource(rows.iterator().next()));
    }

    /** The tenant's sources, revoked ones included, newest first; at most {@code limit}. */
    public Uni<List<Source>> list(String tenant, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS
                        + " FROM segment_sources WHERE tenant = $1 ORDER BY created_at DESC, id DESC LIMIT $2")
                .execute(Tuple.of(tenant, limit))
                .map(rows -> {
                    List<Source> sources = new ArrayList<>();
                    rows.forEach(row -> sources.add(toSource(row)));
                    return sources;
                });
    }

    /** Revokes the source's key; false when the tenant has no such source. Revoking twice keeps the first time. */
    public Uni<Boolean> revoke(String tenant, UUID id, String user) {
        return pool.preparedQuery("""
                        UPDATE segment_sources SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $3)
                        WHERE tenant = $1 AND id = $2""").execute(Tuple.of(tenant, id, user)).map(rows -> rows.rowCount() > 0);
    }

    /** The source whose key has this hash, while not revoked; null otherwise. */
    public Uni<SourceIdentity> findActive(byte[] keyHash) {
        return pool.preparedQuery(
                        "SELECT id, tenant, name FROM segment_sources WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(Buffer.buffer(keyHash)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new SourceIdentity(row.getUUID("id"), row.getString("tenant"), row.getString("name"));
                });
    }

    private static Source toSource(Row row) {
        return new Source(
                row.getUUID("id"),
                row.getString("name"),
                row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC),
                row.getString("created_by"),
                row.getOffsetDateTime("revoked_at") == null
                        ? null
                        : row.getOffsetDateTime("revoked_at").withOffsetSameInstant(ZoneOffset.UTC));
    }
}
