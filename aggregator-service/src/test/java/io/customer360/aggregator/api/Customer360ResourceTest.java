package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 360 view, built from the real profile-service with the caller's token propagated. */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class Customer360ResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    Pool pool;

    private final String customer = "c360_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void seedPurchaseInProfileService() throws Exception {
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer).then().statusCode(200));
    }

    @Test
    void viewCarriesTheSeedKeysAndTheProfileFromProfileService() {
        given().auth().oauth2(token(ACME, Roles.VIEWER)).get("/api/v1/customer-360/" + customer)
                .then().statusCode(200)
                .body("accountId", equalTo(customer))
                .body("generatedAt", notNullValue())
                .body("accountProfile.name", equalTo("John Smith"))
                .body("accountProfile.customerSince", equalTo("2024-12-14"))
                // unknown values are present and null, never invented
                .body("$", hasKey("healthSummary")).body("healthSummary", nullValue())
                .body("$", hasKey("exitState")).body("exitState", nullValue())
                .body("accountProfile", hasKey("arr")).body("accountProfile.arr", nullValue())
                .body("sections.accountProfile.status", equalTo("partial"))
                .body("sections.accountProfile.source", equalTo("profile-service"))
                .body("sections.healthSummary.status", equalTo("unavailable"));
    }

    @Test
    void anotherTenantsCustomerIs404() {
        given().auth().oauth2(token(GLOBEX, Roles.VIEWER)).get("/api/v1/customer-360/" + customer)
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"));
    }

    @Test
    void withoutTokenIs401() {
        given().get("/api/v1/customer-360/" + customer).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void withoutViewerRoleIs403() {
        given().auth().oauth2(token(ACME, Roles.BILLING_READER)).get("/api/v1/customer-360/" + customer)
                .then().statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    void everyAccessIsAudited() {
        given().auth().oauth2(token(GLOBEX, Roles.VIEWER)).get("/api/v1/customer-360/" + customer).then().statusCode(404);

        assertThat(pool.preparedQuery("SELECT tenant, status FROM access_audit WHERE customer_id = $1 ORDER BY id")
                .execute(Tuple.of(customer)).await().indefinitely())
                .extracting(row -> row.getString("tenant") + ":" + row.getInteger("status"))
                .endsWith("acme:200", "globex:404");
    }
}
