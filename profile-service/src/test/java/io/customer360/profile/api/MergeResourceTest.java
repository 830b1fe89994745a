package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Identity: a shared email is recorded as a possible duplicate; merge and unmerge are explicit, audited and exact. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class MergeResourceTest {

    @Inject
    EventApplier applier;

    private final String tenant = Fixtures.unique("m");

    @BeforeEach
    void twoProfilesOfOnePerson() {
        // "web" was created from an email-only event; "crm" names itself and carries the same email
        applier.apply(List.of(
                        Fixtures.normalized(
                                tenant,
                                "e1",
                                null,
                                "jo@example.com",
                                "purchase",
                                Instant.now().minus(Duration.ofDays(5)),
                                Map.of(
                                        "purchase_id",
                                        "o1",
                                        "product_name",
                                        "Desk",
                                        "total",
                                        100,
                                        "customer_name",
                                        "Jo")),
                        Fixtures.normalized(
                                tenant,
                                "e2",
                                "crm",
                                null,
                                "ticket_opened",
                                Instant.now().minus(Duration.ofDays(3)),
                                Map.of("ticket_id", "T1", "priority", "high")),
                        Fixtures.normalized(
                                tenant,
                                "e3",
                                "crm",
                                null,
                                "profile_update",
                                Instant.now().minus(Duration.ofDays(2)),
                                Map.of("name", "Jo Doe", "industry", "Retail"))))
                .await()
                .indefinitely();
        applier.apply(List.of(Fixtures.normalized(
                        tenant,
                        "e4",
                        "crm",
                        "jo@example.com",
                        "purchase",
                        Instant.now().minus(Duration.ofDays(1)),
                        Map.of("purchase_id", "o2", "product_name", "Chair", "total", 50))))
                .await()
                .indefinitely();
    }

    /**
     * The sections asked through {@code id} answer the customer {@code expected}: sections read in one round trip
     * resolve the id themselves, in one statement (subscription) or with the statements sent with the path id and read
     * again with the survivor's (support).
     */
    private static void sectionsThrough(String token, String id, String expected) {
        for (String section : List.of("/subscription", "/support")) {
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/customers/" + id + section)
                    .then()
                    .statusCode(200)
                    .body("customerId", equalTo(expected));
        }
    }

    private String web() {
        return given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers?q=jo@example.com")
                .then()
                .extract()
                .path("items.find { it.id != 'crm' }.id");
    }

    @Test
    void sharedEmailIsAPossibleDuplicateNotAnAutomaticMerge() {
        String web = web();
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/crm")
                .then()
                .statusCode(200)
                .body("possibleDuplicates", contains(web))
                .body("lifetimeValue", equalTo(50.0f));
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/" + web)
                .then()
                .statusCode(200)
                .body("possibleDuplicates", contains("crm"))
                .body("lifetimeValue", equalTo(100.0f));
    }

    @Test
    void mergeMovesEverythingKeepsTheAliasAndUnmergeRestoresBoth() {
        String web = web();
        String editor = token(tenant, Roles.VIEWER, Roles.EDITOR);

        String mergeId = given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("sourceId", web))
                .post("/api/v1/customers/crm/merge")
                .then()
                .statusCode(200)
                .body("targetId", equalTo("crm"))
                .body("sourceId", equalTo(web))
                .body("mergedBy", equalTo(tenant + "-user"))
                .extract()
                .path("mergeId");

        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm")
                .then()
                .statusCode(200)
                .body("lifetimeValue", equalTo(150.0f))
                .body("aliases", contains(web))
                .body("possibleDuplicates", hasSize(0))
                .body("name", equalTo("Jo Doe"))
                .body("customerSince", notNullValue());
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm/timeline")
                .then()
                .body("items", hasSize(4));
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm/purchases")
                .then()
                .body("items.id", containsInAnyOrder("o1", "o2"));
        // the old id answers the surviving profile, and a new event naming it lands there too
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/" + web)
                .then()
                .statusCode(200)
                .body("id", equalTo("crm"));
        sectionsThrough(editor, web, "crm");
        applier.apply(List.of(
                        Fixtures.normalized(tenant, "e5", web, null, "contact", Instant.now(), Map.of("title", "hi"))))
                .await()
                .indefinitely();
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm/timeline")
                .then()
                .body("items", hasSize(5));
        given().auth().oauth2(editor).get("/api/v1/customers/crm/merges").then().body("mergeId", contains(mergeId));

        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", mergeId))
                .post("/api/v1/customers/crm/unmerge")
                .then()
                .statusCode(200)
                .body("unmergedBy", equalTo(tenant + "-user"))
                .body("unmergedAt", notNullValue());

        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm")
                .then()
                .body("lifetimeValue", equalTo(50.0f))
                .body("aliases", hasSize(0))
                .body("name", equalTo("Jo Doe"));
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm/timeline")
                .then()
                .body("items", hasSize(3));
        // the source comes back with its purchase, its name and the event addressed to it after the merge
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/" + web)
                .then()
                .statusCode(200)
                .body("id", equalTo(web))
                .body("lifetimeValue", equalTo(100.0f))
                .body("name", equalTo("Jo"));
        sectionsThrough(editor, web, web);
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/" + web + "/timeline")
                .then()
                .body("items", hasSize(2));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", mergeId))
                .post("/api/v1/customers/crm/unmerge")
                .then()
                .statusCode(404);
    }

    @Test
    void badMergesAre400Or403AndChangeNothing() {
        String editor = token(tenant, Roles.VIEWER, Roles.EDITOR);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("sourceId", "crm"))
                .post("/api/v1/customers/crm/merge")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("sourceId"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("sourceId", "ghost"))
                .post("/api/v1/customers/crm/merge")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("sourceId"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/customers/crm/merge")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .contentType(ContentType.JSON)
                .body(Map.of("sourceId", web()))
                .post("/api/v1/customers/crm/merge")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", 999999))
                .post("/api/v1/customers/crm/unmerge")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", "mrg_" + "0".repeat(26)))
                .post("/api/v1/customers/crm/unmerge")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", "1; DROP TABLE merges"))
                .post("/api/v1/customers/crm/unmerge")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("mergeId"));
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/crm/timeline")
                .then()
                .body("items", hasSize(3));
    }
}
