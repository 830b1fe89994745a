package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.testing.ErrorBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading profiles and timelines: roles, tenant isolation, paging and bad parameters. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomerResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    NatsClient nats;

    private final String customer = "c_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void threeEventsOfOneAcmeCustomer() {
        for (int i = 1; i <= 3; i++) {
            publish(
                    nats,
                    "test.profile.",
                    event(
                            ACME,
                            customer + "_e" + i,
                            customer,
                            null,
                            i == 2 ? "note" : "contact",
                            1734100000L + i,
                            Map.of("title", "event " + i)),
                    customer + "_e" + i);
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(3)));
    }

    @Test
    void withoutTokenIs401() {
        given().get("/api/v1/customers/" + customer).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void refusalsAreProblemsNamingNoInternals() {
        // issue 19: a 401 body once named io.quarkus.security.AuthenticationFailedException
        for (String bearer : ErrorBodies.refusedBearers(ACME, Roles.VIEWER)) {
            RequestSpecification request = given();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            String body = request.get("/api/v1/customers/" + customer)
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
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/forbidden"))
                .extract()
                .asString());
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .delete("/api/v1/search")
                .then()
                .statusCode(405)
                .contentType(PROBLEM_JSON)
                .extract()
                .asString());
    }

    @Test
    void tokenWithoutViewerRoleIs403() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void anotherTenantsCustomerIs404LikeAMissingOne() {
        String missing = given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customers/no_such_customer")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .extract()
                .path("type");
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo(missing));
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(404);
    }

    @Test
    void timelineIsNewestFirstAndPagesWithoutGapsOrRepeats() {
        String cursor = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", 2)
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body("items.eventId", org.hamcrest.Matchers.contains(customer + "_e3", customer + "_e2"))
                .body("nextCursor", notNullValue())
                .extract()
                .path("nextCursor");
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body("items.eventId", org.hamcrest.Matchers.contains(customer + "_e1"))
                .body("nextCursor", nullValue());
    }

    @Test
    void purchasesPageWithoutGapsOrRepeats() {
        for (int i = 1; i <= 3; i++) {
            publish(
                    nats,
                    "test.profile.",
                    event(
                            ACME,
                            customer + "_buy" + i,
                            customer,
                            null,
                            "purchase",
                            1734200000L + i,
                            Map.of("purchase_id", customer + "_order" + i, "product_name", "Item " + i, "total", i)),
                    customer + "_buy" + i);
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer + "/purchases")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(3)));

        String cursor = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", 2)
                .get("/api/v1/customers/" + customer + "/purchases")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(customer + "_order3", customer + "_order2"))
                .extract()
                .path("nextCursor");
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get("/api/v1/customers/" + customer + "/purchases")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.contains(customer + "_order1"))
                .body("nextCursor", nullValue());
    }

    @Test
    void timelineFiltersByType() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("type", "note")
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].eventId", equalTo(customer + "_e2"));
    }

    @Test
    void badParametersAre400NamingTheField() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("type", "'; DROP TABLE customers; --")
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("type"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", 0)
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("limit"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("limit", "abc")
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("cursor", "%%%")
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
    }

    @Test
    void idThatCannotBeACustomerIs404() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/a.b*c")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }
}
