package io.customer360.enrichment.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Clears a tenant's quota, charges and tier in the test database, so each test starts a fresh month. */
public final class Ledgers {

    private Ledgers() {
    }

    public static void clear(Pool pool, String tenant) {
        pool.preparedQuery("DELETE FROM enrichment_quota WHERE tenant = $1").execute(Tuple.of(tenant)).await().indefinitely();
        pool.preparedQuery("DELETE FROM enrichment_charges WHERE tenant = $1").execute(Tuple.of(tenant)).await().indefinitely();
        pool.preparedQuery("DELETE FROM tenant_tiers WHERE tenant = $1").execute(Tuple.of(tenant)).await().indefinitely();
    }
}
