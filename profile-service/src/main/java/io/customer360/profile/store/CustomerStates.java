package io.customer360.profile.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

/** The latest 360 state of a customer (health score, band, exit state), newest wins. */
@ApplicationScoped
public class CustomerStates {

    private final Pool pool;

    CustomerStates(Pool pool) {
        this.pool = pool;
    }

    /** A state for a customer that does not exist (erased, or never here) changes nothing. */
    public Uni<Void> update(
            String tenant, String customerId, BigDecimal score, String band, String exitState, Instant at) {
        return pool.preparedQuery("""
                        UPDATE customers SET health_score = $3, health_band = $4, exit_state = $5, state_at = $6
                        WHERE tenant = $1 AND id = $2 AND (state_at IS NULL OR state_at < $6)""")
                .execute(Tuple.tuple()
                        .addValue(tenant)
                        .addValue(customerId)
                        .addValue(score)
                        .addValue(band)
                        .addValue(exitState)
                        .addValue(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
