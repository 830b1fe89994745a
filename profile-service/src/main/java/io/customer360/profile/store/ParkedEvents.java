package io.customer360.profile.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Events that could not be applied after repeated deliveries, kept with their error so nothing is lost. */
@ApplicationScoped
public class ParkedEvents {

    private final Pool pool;

    ParkedEvents(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> park(String tenant, String eventId, String subject, String payload, String error, long deliveries) {
        return pool.preparedQuery("""
                        INSERT INTO parked_events (tenant, event_id, subject, payload, error, deliveries)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (tenant, event_id) DO UPDATE SET error = excluded.error, deliveries = excluded.deliveries""")
                .execute(Tuple.of(tenant, eventId, subject, payload.replace('\u0000', '\uFFFD'), error, (int) deliveries))
                .replaceWithVoid();
    }
}
