package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ErrorBodies;
import io.customer360.ingest.SeedEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** HTTP intake: one event or a batch, a result per event in input order; one bad event never fails its batch. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class EventResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static io.restassured.specification.RequestSpecification writer() {
        return given().auth().oauth2(token(ACME, Roles.EVENTS_WRITER)).contentType(ContentType.JSON);
    }

    @Test
    void singleSeedPurchaseIsAccepted() {
        writer().body(SeedEvents.purchase("http_" + run))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].index", equalTo(0))
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].eventId", startsWith("evt_"))
                .body("results[0].reason", nullValue());
    }

    @Test
    void everySeedEventTypeIsAcceptedInOneBatch() {
        Map<String, String> events = SeedEvents.allTypes("batch_" + run);
        writer().body("[" + String.join(",", events.values()) + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results", hasSize(events.size()))
                .body("results.status", everyItem(equalTo("accepted")));
    }

    @Test
    void oneBadEventDoesNotFailItsBatchAndResultsKeepInputOrder() {
        String good = SeedEvents.purchase("order1_" + run);
        String bad = "{\"customer_id\":\"order2_" + run + "\",\"timestamp\":1734134400,\"source_service\":\"x\"}";
        String alsoGood = SeedEvents.allTypes("order3_" + run).get("contact");
        writer().body("[" + good + "," + bad + "," + alsoGood + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results.index", contains(0, 1, 2))
                .body("results.status", contains("accepted", "rejected", "accepted"))
                .body("results[1].reason", equalTo("missing_field"))
                .body("results[1].detail", equalTo("event_type: is required"));
    }

    @Test
    void aDuplicateKeyRejectsOnlyItsOwnEvent() {
        String ambiguous = "{\"customer_id\":\"a_" + run + "\",\"customer_id\":\"b_" + run
                + "\",\"event_type\":\"contact\"," + "\"timestamp\":1734134400,\"source_service\":\"crm\"}";
        writer().body("[" + ambiguous + "," + SeedEvents.purchase("dupkey_" + run) + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results.status", contains("rejected", "accepted"))
                .body("results[0].reason", equalTo("malformed_json"));
    }

    @Test
    void sameEventTwiceIsADuplicateTheSecondTime() {
        String event = SeedEvents.purchase("twice_" + run);
        String first = writer().body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"))
                .extract()
                .path("results[0].eventId");
        writer().body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("duplicate"))
                .body("results[0].eventId", equalTo(first));
    }

    @Test
    void partnerEventIdIsTheIdentityAcrossDifferentContent() {
        String id = "partner-evt-" + run;
        String event = SeedEvents.purchase("pid_" + run)
                .replace("{\"customer_id\"", "{\"event_id\":\"" + id + "\",\"customer_id\"");
        writer().body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].eventId", equalTo(id))
                .body("results[0].status", equalTo("accepted"));
        writer().body(event.replace("299.99", "199.99"))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].eventId", equalTo(id))
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void injectionAndUnicodeStringsAreJustData() {
        String customer = "uni_" + run + "_клиент";
        String event = """
                {"customer_id":"%s","event_type":"note","timestamp":1734134400,"source_service":"crm'; DROP TABLE x; --",
                 "data":{"content":"<script>alert(1)</script> ${jndi:ldap://x} {{7*7}} 😀","email":"o'brien@example.com"}}""".formatted(customer);
        writer().body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void batchOfMoreThan1000EventsIs413() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add("{}");
        }
        writer().body("[" + String.join(",", events) + "]")
                .post("/api/v1/events")
                .then()
                .statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/payload-too-large"));
    }

    @Test
    void bodyOver5MiBIs413Problem() {
        String big = "[" + ("\"" + "x".repeat(1024 * 1024) + "\",").repeat(5) + "\"x\"]";
        writer().body(big).post("/api/v1/events").then().statusCode(413).contentType(PROBLEM_JSON);
    }

    @Test
    void notJsonIs400NamingTheBody() {
        writer().body("{nope")
                .post("/api/v1/events")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("body"));
        writer().body("[]").post("/api/v1/events").then().statusCode(400).contentType(PROBLEM_JSON);
        writer().body("").post("/api/v1/events").then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    void scalarBodyIsRejectedAsAnEvent() {
        writer().body("42")
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("rejected"))
                .body("results[0].reason", equalTo("invalid_type"));
    }

    @Test
    void needsTheWriterRoleAndAToken() {
        given().contentType(ContentType.JSON)
                .body(SeedEvents.purchase("x"))
                .post("/api/v1/events")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body(SeedEvents.purchase("x"))
                .post("/api/v1/events")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void refusalsAreProblemsNamingNoInternals() {
        // issue 19: a 401 body once named io.quarkus.security.AuthenticationFailedException
        for (String bearer : ErrorBodies.refusedBearers(ACME, Roles.EVENTS_WRITER)) {
            RequestSpecification request = given().contentType(ContentType.JSON).body(SeedEvents.purchase("x"));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            String body = request.post("/api/v1/events")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://customer360.io/problems/unauthorized"))
                    .body("detail", equalTo("A valid bearer token is required"))
                    .extract()
                    .asString();
            ErrorBodies.assertNamesNoInternals(body);
        }
        String forbidden = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .contentType(ContentType.JSON)
                .body(SeedEvents.purchase("x"))
                .post("/api/v1/events")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/forbidden"))
                .extract()
                .asString();
        ErrorBodies.assertNamesNoInternals(forbidden);
        // JAX-RS' own refusals and Jackson's: no path, no method, a body of the wrong shape
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .get("/api/v1/events")
                .then()
                .statusCode(405)
                .contentType(PROBLEM_JSON)
                .extract()
                .asString());
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"unplannedEventTypes\":{\"x\":[1]}}")
                .put("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .extract()
                .asString());
        ErrorBodies.assertNamesNoInternals(given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.TEXT)
                .body("x")
                .put("/api/v1/tracking-plans/settings")
                .then()
                .statusCode(415)
                .contentType(PROBLEM_JSON)
                .extract()
                .asString());
    }

    @Test
    void eventsOfAnUndeclaredTenantAreDeadLettered() {
        given().auth()
                .oauth2(token("initech", Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(SeedEvents.purchase("ini_" + run))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("rejected"))
                .body("results[0].reason", equalTo("unknown_tenant"));
    }
}
