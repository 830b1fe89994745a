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

    /** {@code customerId} is null when the payload could not be read. */
    public Uni<Void> park(
            String tenant,
            String eventId,
            String customerId,
            String subject,
            String payload,
            String error,
            long deliveries) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(eventId)
                .addValue(customerId)
                .addValue(subject)
                .addValue(payload.replace('\u0000', '\uFFFD'))
                .addValue(error)
                .addValue((int) deliveries);
        return pool.preparedQuery("""
                        INSERT INTO parked_events (tenant, event_id, customer_id, subject, payload, error, deliveries)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (tenant, event_id) DO UPDATE SET error = excluded.error, deliveries = excluded.deliveries""").execute(params).replaceWithVoid();
    }
}
