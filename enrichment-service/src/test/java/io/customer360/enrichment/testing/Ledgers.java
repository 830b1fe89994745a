package io.customer360.enrichment.testing;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;

import io.customer360.common.auth.Roles;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Clears a tenant's quota and charges in the test database, so each test starts a fresh month. The tier is set
 * through the API instead (the service remembers tiers for a few seconds).
 */
public final class Ledgers {

    private Ledgers() {
    }

    public static void clear(Pool pool, String tenant) {
        given().auth().oauth2(token(tenant, Roles.ADMIN)).contentType("application/json").body("{\"tier\":\"free\"}")
                .put("/api/v1/enrichment/tier").then().statusCode(200);
        pool.preparedQuery("DELETE FROM enrichment_quota WHERE tenant = $1").execute(Tuple.of(tenant)).await().indefinitely();
        pool.preparedQuery("DELETE FROM enrichment_charges WHERE tenant = $1").execute(Tuple.of(tenant)).await().indefinitely();
    }
}
