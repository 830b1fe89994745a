package io.customer360.aggregator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The 360 access audit (seed guardrail: audit log all 360 view access), kept in PostgreSQL. */
@ApplicationScoped
public class AccessAudit {

    private final Pool pool;

    AccessAudit(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(String tenant, String customerId, String subject, String view, int status) {
        return pool.preparedQuery("""
                        INSERT INTO access_audit (tenant, customer_id, subject, view, status) VALUES ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(tenant, customerId, subject, view, status))
                .replaceWithVoid();
    }
}
