package io.customer360.aggregator.service.view;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A view of a customer profile-service does not know for the caller's tenant is answered 404 (the same problem+json as
 * before) from the existence check, before any context provider runs: no provider call is timed, nothing is fetched
 * from enrichment-service, and the access is audited as a 404.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class ExistenceCheckTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    MeterRegistry meters;

    @Inject
    Pool pool;

    /** Calls timed by the fan-out so far, every provider and outcome together. */
    private long providerCalls() {
        return meters.find("aggregator.provider").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }

    /**
     * The count once earlier views have stopped adding to it: a provider that passed its budget in an earlier view (a
     * loaded machine) is timed when its call ends, after that view answered.
     */
    private long settledProviderCalls() throws InterruptedException {
        long previous = -1;
        long current = providerCalls();
        for (int polls = 0; current != previous && polls < 40; polls++) {
            Thread.sleep(500);
            previous = current;
            current = providerCalls();
        }
        return current;
    }

    @Test
    void unknownCustomerIs404BeforeAnyProvider() throws InterruptedException {
        String unknown = "nobody_" + UUID.randomUUID().toString().substring(0, 8);
        String purpose = "existence " + unknown;
        long before = settledProviderCalls();
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .header("X-Purpose", purpose)
                .get("/api/v1/customer-360/" + unknown)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("Customer '" + unknown + "' was not found"));
        assertThat(providerCalls()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                pool.preparedQuery("SELECT tenant, status FROM access_audit WHERE purpose = $1")
                                        .execute(Tuple.of(purpose))
                                        .await()
                                        .indefinitely())
                        .extracting(row -> row.getString("tenant") + ":" + row.getInteger("status"))
                        .containsExactly("acme:404"));
    }

    @Test
    void anotherTenantsCustomerIs404BeforeAnyProviderAndItsOwnTenantSeesIt() throws Exception {
        String id = "known_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", id)) {
            seed.event("profile_update", Duration.ofDays(10), Map.of("customer_name", "Known Co"));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token(ACME, Roles.VIEWER))
                                .get("/api/v1/customer-360/" + id)
                                .statusCode()
                        == 200);
        long before = settledProviderCalls();
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customer-360/" + id)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("detail", equalTo("Customer '" + id + "' was not found"));
        assertThat(providerCalls()).isEqualTo(before);
        // the check is no shortcut for a customer that exists: the view is built by its providers as before
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + id + "?agent=billing")
                .then()
                .statusCode(200)
                .body("accountProfile.name", equalTo("Known Co"));
        assertThat(providerCalls()).isGreaterThan(before);
    }
}
