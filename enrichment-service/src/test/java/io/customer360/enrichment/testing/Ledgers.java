package io.customer360.enrichment.testing;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;

import io.customer360.common.auth.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * Clears a tenant's quota, ledger lines, closed months and usage outbox in the test database, so each test starts a
 * fresh month. The tier is set through the API instead (the service remembers tiers for a few seconds). The tenant's
 * charge id counter stays: ids keep growing, as in production, so a usage message of this run is never taken by
 * JetStream for a duplicate of an earlier run's.
 */
public final class Ledgers {

    private Ledgers() {}

    public static void clear(Pool pool, String tenant) {
        given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .contentType("application/json")
                .body("{\"tier\":\"free\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200);
        pool.preparedQuery("DELETE FROM enrichment_quota WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely();
        // closed months first: the ledger's guard keeps a closed month's lines
        for (String table :
                List.of("enrichment_ledger_closed_months", "enrichment_ledger", "enrichment_usage_outbox")) {
            pool.preparedQuery("DELETE FROM " + table + " WHERE tenant = $1")
                    .execute(Tuple.of(tenant))
                    .await()
                    .indefinitely();
        }
    }
}
