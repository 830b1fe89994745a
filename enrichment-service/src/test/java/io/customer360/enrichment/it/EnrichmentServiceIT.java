package io.customer360.enrichment.it;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.OpenApiDocuments;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged enrichment-service (the suite a native binary would run), over HTTP only, next to the real packaged
 * profile-service that {@link ProfileServiceResource} starts: health, OpenAPI, the problem+json answers of security
 * and a missing customer, and the empty enrichment of a customer seeded in profile-service through NATS. It runs with
 * the test profile (src/test/resources/META-INF/microprofile-config.properties).
 */
@QuarkusIntegrationTest
@WithTestResource(ProfileServiceResource.class)
class EnrichmentServiceIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String customer = "enr_it_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void customerInProfileService() throws Exception {
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/enrichment/customers/" + customer)
                        .then()
                        .statusCode(200));
    }

    @Test
    void healthIsUpAndReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void openApiDocumentIsServed() {
        String document = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", equalTo("Customer 360 enrichment-service"))
                .body("paths", hasKey("/api/v1/enrichment/customers/{id}"))
                .extract()
                .asString();
        // linted by scripts/openapi-lint.sh (./mesh test): the document this packaged service serves
        OpenApiDocuments.store(document);
    }

    @Test
    void customerNeverEnrichedHasAnHonestEmptyState() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("enriched", equalTo(false));
    }

    @Test
    void withoutTokenIs401Problem() {
        given().get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void withoutViewerRoleIs403Problem() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void missingCustomerAndAnotherTenantsCustomerAre404Problems() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/nobody_" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"));
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }
}
