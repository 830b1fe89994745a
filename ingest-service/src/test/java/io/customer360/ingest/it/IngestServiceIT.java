package io.customer360.ingest.it;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.OpenApiDocuments;
import io.customer360.ingest.SeedEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged ingest-service (the suite a native binary would run), over HTTP only: health, OpenAPI, the
 * problem+json answers of security and a missing dead letter, and the seed purchase accepted over HTTP. It runs with
 * the test profile (src/test/resources/META-INF/microprofile-config.properties): test database and subject prefix,
 * tokens of Quarkus' OIDC test server.
 */
@QuarkusIntegrationTest
@WithTestResource(OidcWiremockTestResource.class)
class IngestServiceIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

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
                .body("info.title", equalTo("Customer 360 ingest-service"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/events"))
                .extract()
                .asString();
        // linted by scripts/openapi-lint.sh (./mesh test): the document this packaged service serves
        OpenApiDocuments.store(document);
    }

    @Test
    void withoutTokenIs401Problem() {
        given().contentType(ContentType.JSON)
                .body(SeedEvents.purchase("it_" + run))
                .post("/api/v1/events")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void withoutWriterRoleIs403Problem() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .contentType(ContentType.JSON)
                .body(SeedEvents.purchase("it_" + run))
                .post("/api/v1/events")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void missingDeadLetterIs404Problem() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"))
                .body("status", equalTo(404));
    }

    @Test
    void seedPurchaseIsAccepted() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(SeedEvents.purchase("it_" + run))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].eventId", startsWith("evt_"));
    }
}
