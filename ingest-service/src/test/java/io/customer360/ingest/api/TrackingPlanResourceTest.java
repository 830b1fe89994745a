package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tracking plans: a schema violation is dead-lettered, and replays once the plan is fixed; tenants are apart. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TrackingPlanResourceTest {

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String AMOUNT_MUST_BE_A_NUMBER = """
            {"type":"object","required":["amount"],"properties":{"amount":{"type":"number"}}}""";
    private static final String AMOUNT_MAY_BE_TEXT = """
            {"type":"object","required":["amount"],"properties":{"amount":{"type":["number","string"]}}}""";

    private final String run = UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
    /** An event type of this run only, so plans of earlier runs never interfere. */
    private final String type = "refund_" + run.replaceAll("[^a-z0-9_]", "x");

    private static RequestSpecification admin(String tenant) {
        return given().auth().oauth2(token(tenant, Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static RequestSpecification writer() {
        return given().auth().oauth2(token(ACME, Roles.EVENTS_WRITER)).contentType(ContentType.JSON);
    }

    private String refund(String amountJson) {
        return """
                {"customer_id":"plan_%s","event_type":"%s","timestamp":1734134400,"source_service":"billing",
                 "data":{"amount":%s}}""".formatted(run, type, amountJson);
    }

    @Test
    void violationIsDeadLetteredThenReplayedAfterThePlanIsFixed() {
        admin(ACME)
                .body(AMOUNT_MUST_BE_A_NUMBER)
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("eventType", equalTo(type));

        writer().body(refund("\"12.50\""))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("rejected"))
                .body("results[0].reason", equalTo("schema_violation"));
        String id = admin(ACME)
                .queryParam("reason", "schema_violation")
                .queryParam("eventType", type)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .body("items[0].violations[0].field", equalTo("data.amount"))
                .extract()
                .path("items[0].id");

        // replaying against the unchanged plan keeps the dead letter
        admin(ACME)
                .post("/api/v1/dead-letters/" + id + "/replay")
                .then()
                .statusCode(200)
                .body("status", equalTo("rejected"));
        admin(ACME).get("/api/v1/dead-letters/" + id).then().statusCode(200);

        admin(ACME)
                .body(AMOUNT_MAY_BE_TEXT)
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(200)
                .body("version", equalTo(2));
        admin(ACME)
                .post("/api/v1/dead-letters/" + id + "/replay")
                .then()
                .statusCode(200)
                .body("status", equalTo("accepted"));
        admin(ACME).get("/api/v1/dead-letters/" + id).then().statusCode(404);
    }

    @Test
    void quarantinedUnplannedTypesAreDeadLetteredUntilAPlanExists() {
        admin(GLOBEX)
                .body("{\"unplannedEventTypes\":\"quarantine\"}")
                .put("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(200)
                .body("unplannedEventTypes", equalTo("quarantine"));
        try {
            given().auth()
                    .oauth2(token(GLOBEX, Roles.EVENTS_WRITER))
                    .contentType(ContentType.JSON)
                    .body(refund("1"))
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .body("results[0].reason", equalTo("unplanned_event_type"));
            admin(GLOBEX)
                    .body(AMOUNT_MUST_BE_A_NUMBER)
                    .put("/api/v1/tracking-plans/event-types/" + type)
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(token(GLOBEX, Roles.EVENTS_WRITER))
                    .contentType(ContentType.JSON)
                    .body(refund("2"))
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .body("results[0].status", equalTo("accepted"));
        } finally {
            admin(GLOBEX)
                    .body("{\"unplannedEventTypes\":\"allow\"}")
                    .put("/api/v1/tracking-plans/settings")
                    .then()
                    .statusCode(200);
        }
        // acme's policy was never touched
        admin(ACME)
                .get("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(200)
                .body("unplannedEventTypes", equalTo("allow"));
    }

    @Test
    void autoCreateCustomersIsATenantSettingCarriedOnEveryEvent() throws Exception {
        admin(GLOBEX)
                .get("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(200)
                .body("autoCreateCustomers", equalTo(true));
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.globex.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        admin(GLOBEX)
                .body("{\"unplannedEventTypes\":\"allow\",\"autoCreateCustomers\":false}")
                .put("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(200)
                .body("autoCreateCustomers", equalTo(false));
        try {
            admin(GLOBEX).get("/api/v1/tracking-plans/settings").then().body("autoCreateCustomers", equalTo(false));
            given().auth()
                    .oauth2(token(GLOBEX, Roles.EVENTS_WRITER))
                    .contentType(ContentType.JSON)
                    .body(refund("3"))
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .body("results[0].status", equalTo("accepted"));

            Message normalized = downstream.nextMessage(Duration.ofSeconds(10));
            assertThat(normalized).isNotNull();
            assertThat(mapper.readTree(normalized.getData()).get("autoCreate").asBoolean())
                    .isFalse();
            // acme keeps the default
            admin(ACME).get("/api/v1/tracking-plans/settings").then().body("autoCreateCustomers", equalTo(true));
        } finally {
            admin(GLOBEX)
                    .body("{\"unplannedEventTypes\":\"allow\"}")
                    .put("/api/v1/tracking-plans/settings")
                    .then()
                    .statusCode(200)
                    .body("autoCreateCustomers", equalTo(true));
        }
    }

    @Test
    void anotherTenantNeitherSeesNorUsesThePlan() {
        admin(ACME)
                .body(AMOUNT_MUST_BE_A_NUMBER)
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(200);

        admin(GLOBEX)
                .get("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
        admin(GLOBEX)
                .get("/api/v1/tracking-plans/event-types")
                .then()
                .statusCode(200)
                .body("items.eventType", not(hasItem(type)));
        admin(GLOBEX)
                .delete("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token(GLOBEX, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(refund("\"text\""))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void deletedPlanNoLongerApplies() {
        admin(ACME)
                .body(AMOUNT_MUST_BE_A_NUMBER)
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(200);
        admin(ACME).delete("/api/v1/tracking-plans/event-types/" + type).then().statusCode(204);
        admin(ACME).get("/api/v1/tracking-plans/event-types/" + type).then().statusCode(404);
        writer().body(refund("\"text\""))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void unusableSchemasAreRefusedWithTheField() {
        admin(ACME)
                .body("{\"$ref\":\"http://169.254.169.254/latest/meta-data\"}")
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("$ref"));
        admin(ACME)
                .body("[1,2]")
                .put("/api/v1/tracking-plans/event-types/" + type)
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("body"));
        admin(ACME)
                .body(AMOUNT_MUST_BE_A_NUMBER)
                .put("/api/v1/tracking-plans/event-types/Not-Snake")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("eventType"));
        admin(ACME)
                .body("{\"unplannedEventTypes\":\"sometimes\"}")
                .put("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void onlyAdminsManagePlans() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/tracking-plans/event-types")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
        given().get("/api/v1/tracking-plans/event-types").then().statusCode(401).contentType(PROBLEM_JSON);
    }
}
