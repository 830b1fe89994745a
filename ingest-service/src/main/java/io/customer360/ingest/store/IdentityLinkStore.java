package io.customer360.ingest.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Which user each anonymous id was tied to (identify, alias), per tenant; the first claim holds. */
@ApplicationScoped
public class IdentityLinkStore {

    private final Pool pool;

    IdentityLinkStore(Pool pool) {
        this.pool = pool;
    }

    /** The outcome of a claim: the user who holds the anonymous id now, and whether this claim tied it. */
    public record Claim(String userId, boolean created) {}

    /** The users the given anonymous ids are tied to; ids tied to nobody are absent. One query for a whole batch. */
    public Uni<Map<String, String>> usersOf(String tenant, Collection<String> anonymousIds) {
        if (anonymousIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(
                        "SELECT anonymous_id, user_id FROM segment_identity_links WHERE tenant = $1 AND anonymous_id = ANY($2)")
                .execute(Tuple.tuple().addValue(tenant).addArrayOfString(anonymousIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> users = new HashMap<>();
                    rows.forEach(row -> users.put(row.getString(0), row.getString(1)));
                    return users;
                });
    }

    /**
     * Ties {@code anonymousId} to {@code userId} unless it is tied already. Two statements, not one: a concurrent
     * claim's row is visible only to a statement started after it committed (the insert waits for it).
     */
    public Uni<Claim> claim(String tenant, String anonymousId, String userId, UUID sourceId, String eventId) {
        return pool.preparedQuery("""
                        INSERT INTO segment_identity_links (tenant, anonymous_id, user_id, source_id, event_id)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant, anonymous_id) DO NOTHING RETURNING user_id""")
                .execute(Tuple.of(tenant, anonymousId, userId, sourceId, eventId))
                .flatMap(rows -> rows.rowCount() > 0
                        ? Uni.createFrom().item(new Claim(userId, true))
                        : pool.preparedQuery(
                                        "SELECT user_id FROM segment_identity_links WHERE tenant = $1 AND anonymous_id = $2")
                                .execute(Tuple.of(tenant, anonymousId))
                                .map(found -> new Claim(found.iterator().next().getString(0), false)));
    }

    /** Forgets the links of an erased customer. */
    public Uni<Integer> deleteUser(String tenant, String userId) {
        return pool.preparedQuery("DELETE FROM segment_identity_links WHERE tenant = $1 AND user_id = $2")
                .execute(Tuple.of(tenant, userId))
                .map(rows -> rows.rowCount());
    }
}
