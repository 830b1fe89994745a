package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full-text search on a fixed corpus in a tenant of its own: ranking, highlights, stemming, sensitivity, bad queries. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SearchResourceTest {

    @Inject
    EventApplier applier;

    private final String tenant = Fixtures.unique("s");

    @BeforeEach
    void corpus() {
        Fixtures.customer(tenant, "c-bluetooth")
                .event(
                        "profile_update",
                        Duration.ofDays(9),
                        Map.of("name", "Bluetooth Barn", "company", "Bluetooth Barn Ltd"))
                .applyWith(applier);
        Fixtures.customer(tenant, "c-audio")
                .event("profile_update", Duration.ofDays(9), Map.of("name", "Audio House"))
                .event(
                        "support_ticket",
                        Duration.ofDays(3),
                        Map.of(
                                "ticket_id",
                                "T1",
                                "title",
                                "Bluetooth pairing fails",
                                "description",
                                "Bluetooth pairing fails after the update; bluetooth reset did not help"))
                .event(
                        "contact",
                        Duration.ofDays(2),
                        Map.of("title", "Invoice question", "message", "Asked about pairing of invoices"))
                .event(
                        "note",
                        Duration.ofDays(1),
                        Map.of("note_id", "n1", "content", "Wants <b>bluetooth</b> headsets in bulk"))
                .event(
                        "observation",
                        Duration.ofDays(1),
                        Map.of("note_id", "n2", "content", "Bluetooth budget frozen", "sensitive", true))
                .applyWith(applier);
    }

    @Test
    void rankedAcrossCustomersEventsAndKnowledgeWithSafeHighlights() {
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=bluetooth pairing")
                .then()
                .statusCode(200)
                // both words: only the ticket (the title and description repeat them)
                .body("items", hasSize(1))
                .body("items[0].kind", equalTo("event"))
                .body("items[0].customerId", equalTo("c-audio"))
                .body("items[0].highlight", containsString("<mark>Bluetooth</mark> <mark>pairing</mark>"));

        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=bluetooth")
                .then()
                .statusCode(200)
                // the ticket says it three times and ranks first; the customer named after it next; the note last
                .body("items.kind", contains("event", "customer", "note"))
                .body(
                        "items.id",
                        contains(org.hamcrest.Matchers.any(String.class), equalTo("c-bluetooth"), equalTo("n1")))
                .body("items[2].highlight", containsString("&lt;b&gt;<mark>bluetooth</mark>&lt;/b&gt;"))
                .body(not(containsString("budget frozen")));
    }

    @Test
    void stemmingPhrasesAndExclusion() {
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=pairings")
                .then()
                .body("items", hasSize(2));
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=pairing -bluetooth")
                .then()
                .body("items.title", contains("Invoice question"));
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=\"pairing fails\"")
                .then()
                .body("items", hasSize(1));
    }

    @Test
    void sensitiveNotesOnlyForSensitiveCallers() {
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=budget")
                .then()
                .body("items", hasSize(0));
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER, Roles.SENSITIVE))
                .get("/api/v1/search?q=budget")
                .then()
                .body("items.kind", contains("note"));
    }

    @Test
    void badQueriesAre400AndInjectionIsJustText() {
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("q"));
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=" + "a".repeat(201))
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=x&limit=51")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("limit"));
        for (String ugly :
                new String[] {"'; DROP TABLE customers; --", "a & | ! :* (", "))((", "\\", "🎧 ñ 漢字", "<script>"}) {
            given().auth()
                    .oauth2(token(tenant, Roles.VIEWER))
                    .queryParam("q", ugly)
                    .get("/api/v1/search")
                    .then()
                    .statusCode(200);
        }
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/search?q=bluetooth")
                .then()
                .body("items", hasSize(3));
    }
}
