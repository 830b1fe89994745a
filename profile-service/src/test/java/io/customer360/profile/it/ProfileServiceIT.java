package io.customer360.profile.it;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.OpenApiDocuments;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged profile-service (the suite a native binary would run), over HTTP only: health, OpenAPI, the
 * problem+json answers of security and a missing customer, and a customer seeded through NATS read back. It runs with
 * the test profile (src/test/resources/META-INF/microprofile-config.properties): test database, subject prefix
 * {@code test.profile.}, tokens of Quarkus' OIDC test server.
 */
@QuarkusIntegrationTest
@WithTestResource(OidcWiremockTestResource.class)
class ProfileServiceIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String SUBJECT_PREFIX = "test.profile.";
    private static final String NATS_URL = "nats://127.0.0.1:4222";

    private final String customer = "it_" + UUID.randomUUID().toString().substring(0, 8);

    /** The seed's purchase, normalized as ingest-service publishes it. */
    @BeforeEach
    void seedPurchaseThroughNats() throws Exception {
        String event = """
                {"eventId":"%1$s_p","tenant":"acme","customerId":"%1$s","email":"john.smith@example.com","eventType":"purchase",
                 "occurredAt":"2024-12-14T00:00:00Z","sourceService":"e-commerce-service",
                 "data":{"purchase_id":"ord_%1$s","product_name":"Wireless Headphones Pro","total":299.99,
                         "customer_name":"John Smith","email":"john.smith@example.com"},
                 "metadata":{},"summary":null,"autoCreate":true,"receivedAt":"2024-12-14T00:00:01Z"}""".formatted(customer);
        try (Connection nats = Nats.connect(NATS_URL)) {
            nats.jetStream()
                    .publish(
                            SUBJECT_PREFIX + "profile.events.acme." + customer + ".purchase",
                            event.getBytes(StandardCharsets.UTF_8),
                            PublishOptions.builder()
                                    .messageId("acme:" + customer + "_p")
                                    .build());
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer)
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
                .body("info.title", equalTo("Customer 360 profile-service"))
                .body("paths", hasKey("/api/v1/customers/{id}"))
                .extract()
                .asString();
        // linted by scripts/openapi-lint.sh (./mesh test): the document this packaged service serves
        OpenApiDocuments.store(document);
    }

    @Test
    void customerSeededThroughNatsIsServed() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200)
                .body("id", equalTo(customer))
                .body("name", equalTo("John Smith"))
                .body("email", equalTo("john.smith@example.com"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].eventType", equalTo("purchase"));
    }

    @Test
    void withoutTokenIs401Problem() {
        given().get("/api/v1/customers/" + customer).then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void withoutViewerRoleIs403Problem() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void missingCustomerAndAnotherTenantsCustomerAre404Problems() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/nobody_" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"));
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }
}
