package io.customer360.ingest.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Tombstones of erased customers: a replay never brings their events back. */
@ApplicationScoped
public class ErasedCustomers {

    private final Pool pool;

    ErasedCustomers(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(String tenant, String customerId) {
        return pool.preparedQuery(
                        "INSERT INTO erased_customers (tenant, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(tenant, customerId))
                .replaceWithVoid();
    }

    public Uni<Boolean> isErased(String tenant, String customerId) {
        return pool.preparedQuery("SELECT 1 FROM erased_customers WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> rows.rowCount() > 0);
    }
}
