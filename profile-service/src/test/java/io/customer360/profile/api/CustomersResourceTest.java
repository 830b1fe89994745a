package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.customer360.profile.store.CustomerStates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The customer list (filters, stable paging) and profile edits. Each test has a tenant of its own. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomersResourceTest {

    @Inject
    EventApplier applier;

    @Inject
    CustomerStates states;

    private final String tenant = Fixtures.unique("t");

    private void customer(String id, String name, Map<String, ?> profile, String... segments) {
        Fixtures fixtures = Fixtures.customer(tenant, id)
                .event("profile_update", Duration.ofDays(3), profile)
                .event("profile_update", Duration.ofDays(3), Map.of("name", name));
        for (String segment : segments) {
            fixtures.event("segment_joined", Duration.ofDays(2), Map.of("segment_name", segment));
        }
        fixtures.applyWith(applier);
    }

    @Test
    void filtersBySegmentStatusHealthBandAndText() {
        customer("c1", "Acme Audio", Map.of("company", "Acme Audio GmbH", "status", "active"), "premium");
        customer("c2", "Bolt Bikes", Map.of("status", "churned"), "premium");
        customer("c3", "Cobalt Coffee", Map.of("status", "active"), "regular");
        Fixtures.customer(tenant, "c2")
                .event("segment_left", Duration.ofDays(1), Map.of("segment_name", "premium"))
                .applyWith(applier);
        states.update(tenant, "c3", new BigDecimal("41.5"), "at_risk", "attention_needed", Instant.now())
                .await()
                .indefinitely();

        String viewer = token(tenant, Roles.VIEWER);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers")
                .then()
                .statusCode(200)
                .body("items.id", contains("c1", "c2", "c3"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?segment=premium")
                .then()
                .body("items.id", contains("c1"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?status=churned")
                .then()
                .body("items.id", contains("c2"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?healthBand=at_risk")
                .then()
                .body("items.id", contains("c3"))
                .body("items[0].healthScore", equalTo(41.5f))
                .body("items[0].exitState", equalTo("attention_needed"));
        given().auth().oauth2(viewer).get("/api/v1/customers?q=coffee").then().body("items.id", contains("c3"));
        given().auth().oauth2(viewer).get("/api/v1/customers?q=acm").then().body("items.id", contains("c1"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?q=100%25")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        given().auth()
                .oauth2(token("other" + tenant, Roles.VIEWER))
                .get("/api/v1/customers")
                .then()
                .body("items", hasSize(0));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?segment=" + "x".repeat(65))
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("segment"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?q=" + "x".repeat(201))
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("q"));
        given().auth()
                .oauth2(viewer)
                .queryParam("q", "a\u0000b")
                .get("/api/v1/customers")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("q"));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers?cursor=%%%")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
    }

    @Test
    void pagesNeitherSkipNorRepeatWhileCustomersAreAdded() {
        for (int i = 0; i < 30; i += 2) {
            Fixtures.customer(tenant, String.format("p%03d", i))
                    .event("contact", Duration.ofDays(1), Map.of())
                    .applyWith(applier);
        }
        // odd ids arrive while the list is being paged, before and after the cursor
        CompletableFuture<Void> inserts = CompletableFuture.runAsync(() -> {
            for (int i = 1; i < 30; i += 2) {
                Fixtures.customer(tenant, String.format("p%03d", i))
                        .event("contact", Duration.ofDays(1), Map.of())
                        .applyWith(applier);
            }
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().auth()
                    .oauth2(token(tenant, Roles.VIEWER))
                    .queryParam("limit", 4)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/customers")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        inserts.join();

        Set<String> unique = new HashSet<>(seen);
        assertThat(unique).hasSameSizeAs(seen);
        assertThat(seen).isSorted();
        for (int i = 0; i < 30; i += 2) {
            assertThat(seen).contains(String.format("p%03d", i));
        }
    }

    @Test
    void editorPatchesProfileFieldsAndTheEditIsOnTheTimeline() {
        customer("e1", "Old Name", Map.of("industry", "Retail"));
        String editor = token(tenant, Roles.VIEWER, Roles.EDITOR);

        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name", "New Name", "accountOwner", "csm_anna", "email", "Jane@Example.com", "employees", 40))
                .patch("/api/v1/customers/e1")
                .then()
                .statusCode(200)
                .body("name", equalTo("New Name"))
                .body("email", equalTo("jane@example.com"))
                .body("attributes.accountOwner", equalTo("csm_anna"))
                .body("attributes.industry", equalTo("Retail"))
                .body("attributes.employees", equalTo(40));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("{\"accountOwner\": null}")
                .patch("/api/v1/customers/e1")
                .then()
                .statusCode(200)
                .body("attributes.accountOwner", nullValue());
        // an older partner event does not undo the edit
        Fixtures.customer(tenant, "e1")
                .event("profile_update", Duration.ofDays(1), Map.of("name", "Stale Name"))
                .applyWith(applier);
        given().auth().oauth2(editor).get("/api/v1/customers/e1").then().body("name", equalTo("New Name"));
        given().auth()
                .oauth2(editor)
                .get("/api/v1/customers/e1/timeline?type=profile_update&limit=1")
                .then()
                .body("items[0].sourceService", equalTo("profile-api"));
    }

    @Test
    void badPatchesAre400NamingTheFieldAndChangeNothing() {
        customer("b1", "Kept Name", Map.of());
        String editor = token(tenant, Roles.VIEWER, Roles.EDITOR);

        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("lifetimeValue", 1_000_000))
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("lifetimeValue"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("employees", "many"))
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("employees"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email"))
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("email"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("{}")
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("{\"name\": \"a\\u0000b\"}")
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("name"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body("[1,2]")
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .patch("/api/v1/customers/b1")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .patch("/api/v1/customers/nobody")
                .then()
                .statusCode(404);
        given().auth().oauth2(editor).get("/api/v1/customers/b1").then().body("name", equalTo("Kept Name"));
    }
}
