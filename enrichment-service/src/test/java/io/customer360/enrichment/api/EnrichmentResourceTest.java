package io.customer360.enrichment.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ErrorBodies;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cached enrichment: an honest empty state for a customer never enriched; the customer must be the caller's. */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(io.customer360.enrichment.testing.ProviderStubs.class)
class EnrichmentResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String customer = "enr_" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    RedisAPI redis;

    @BeforeEach
    void customerInProfileService() throws Exception {
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/enrichment/customers/" + customer)
                        .then()
                        .statusCode(200));
    }

    @Test
    void neverEnrichedCustomerHasAnHonestEmptyState() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("enriched", equalTo(false))
                .body("fields", empty())
                .body("lastEnrichedAt", nullValue());
    }

    /**
     * The read in {@link #customerInProfileService} asked profile-service and found nothing stored; the hot cache
     * remembers that for at most an hour, so this read needs neither profile-service nor PostgreSQL, and answers the
     * same empty state.
     */
    @Test
    void nothingStoredIsRememberedInTheHotCache() {
        String key = "test-enrichment:customer:acme:" + customer;
        long millis = redis.pttl(key).await().atMost(Duration.ofSeconds(5)).toLong();
        assertThat(millis).isBetween(1L, 3_600_000L);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("enriched", equalTo(false))
                .body("fields", empty())
                .body("lastEnrichedAt", nullValue());
    }

    @Test
    void anotherTenantsCustomerIs404() {
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void unknownCustomerIs404() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/nobody_" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void withoutTokenIs401() {
        given().get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void refusalsAreProblemsNamingNoInternals() {
        // issue 19: a 401 body once named io.quarkus.security.AuthenticationFailedException
        for (String bearer : ErrorBodies.refusedBearers(ACME, Roles.VIEWER)) {
            RequestSpecification request = given();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            String body = request.get("/api/v1/enrichment/customers/" + customer)
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://customer360.io/problems/unauthorized"))
                    .extract()
                    .asString();
            ErrorBodies.assertNamesNoInternals(body);
        }
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/forbidden"))
                .extract()
                .asString());
        // a body of the wrong shape: Jackson's message names the Java types it wanted
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType("application/json")
                .body("{\"tier\":[{\"x\":1}]}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .extract()
                .asString());
    }

    @Test
    void theTierCatalogShowsTheSeedsMonthlyPrices() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/tiers")
                .then()
                .statusCode(200)
                .body("tier", contains("free", "pro", "enterprise"))
                .body("monthlyPrice", contains(0, 49, 199))
                .body("currency", contains("USD", "USD", "USD"))
                .body("monthlyLimit", contains(50, 500, null))
                .body("[0].dataTypes", contains("person", "business"))
                .body("[1].dataTypes", contains("person", "business", "social", "property"));
        given().get("/api/v1/enrichment/tiers").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void withoutViewerRoleIs403() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }
}
