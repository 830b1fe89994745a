package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notes: written by editors, sensitive ones redacted for callers without c360.sensitive everywhere they appear. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class NoteResourceTest {

    private static final String SECRET = "Considering a competitor because of budget cuts";

    @Inject
    EventApplier applier;

    private final String customer = Fixtures.unique("notes_");

    @BeforeEach
    void customerWithASensitiveObservation() {
        Fixtures.customer(ACME, customer)
                .event(
                        "observation",
                        Duration.ofDays(2),
                        Map.of("note_id", "n-secret", "content", SECRET, "sensitive", true))
                .event("note", Duration.ofDays(1), Map.of("note_id", "n-plain", "content", "Prefers email"))
                .applyWith(applier);
    }

    private String notes() {
        return "/api/v1/customers/" + customer + "/notes";
    }

    @Test
    void sensitiveNoteIsRedactedForViewersInNotesTimelineAndExportIsCompleteWithTheRole() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get(notes())
                .then()
                .statusCode(200)
                .body("items.id", contains("n-plain", "n-secret"))
                .body("items[1].redacted", equalTo(true))
                .body("items[1].content", nullValue())
                .body("items[0].redacted", equalTo(false))
                .body("items[0].content", equalTo("Prefers email"))
                .body(not(containsString(SECRET)));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body(not(containsString(SECRET)))
                .body("items.find { it.eventType == 'observation' }.redacted", equalTo(true));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/knowledge")
                .then()
                .statusCode(200)
                .body(not(containsString(SECRET)));

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.SENSITIVE))
                .get(notes() + "/n-secret")
                .then()
                .statusCode(200)
                .body("content", equalTo(SECRET))
                .body("redacted", equalTo(false));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.SENSITIVE))
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .body(containsString(SECRET));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN, Roles.SENSITIVE))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body(containsString(SECRET));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body(not(containsString(SECRET)));
    }

    @Test
    void editorAddsChangesAndDeletesANoteAndEachChangeIsOnTheTimeline() {
        String id = given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Renewal call went well", "category", "renewal"))
                .post(notes())
                .then()
                .statusCode(201)
                .body("content", equalTo("Renewal call went well"))
                .body("category", equalTo("renewal"))
                .body("sensitive", equalTo(false))
                .body("author", nullValue())
                .extract()
                .path("id");

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Renewal call went very well", "sensitive", true))
                .put(notes() + "/" + id)
                .then()
                .statusCode(200)
                .body("content", equalTo("Renewal call went very well"))
                .body("sensitive", equalTo(true))
                .body("category", equalTo("renewal"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get(notes() + "/" + id)
                .then()
                .statusCode(200)
                .body("redacted", equalTo(true))
                .body("content", nullValue());

        String sensitiveEditor = token(ACME, Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE);
        given().auth().oauth2(sensitiveEditor).delete(notes() + "/" + id).then().statusCode(204);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get(notes() + "/" + id)
                .then()
                .statusCode(404);
        given().auth().oauth2(sensitiveEditor).delete(notes() + "/" + id).then().statusCode(404);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/timeline?type=note_deleted")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].sourceService", equalTo("profile-api"))
                .body("items[0].origin", equalTo("platform"))
                .body("items[0].actor", equalTo("acme-user"));
    }

    @Test
    void onlyCallersWhoMayReadASensitiveNoteMayWriteOrDeleteIt() {
        String editor = token(ACME, Roles.VIEWER, Roles.EDITOR);
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "overwritten"))
                .put(notes() + "/n-secret")
                .then()
                .statusCode(403);
        given().auth().oauth2(editor).delete(notes() + "/n-secret").then().statusCode(403);

        // with the role: a change that does not mention sensitive keeps the note sensitive
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE))
                .contentType(ContentType.JSON)
                .body(Map.of("content", SECRET + " (confirmed)"))
                .put(notes() + "/n-secret")
                .then()
                .statusCode(200)
                .body("sensitive", equalTo(true));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get(notes() + "/n-secret")
                .then()
                .body("redacted", equalTo(true))
                .body(not(containsString(SECRET)));
    }

    @Test
    void viewersCannotWriteAndBadNotesAre400NamingTheField() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "x"))
                .post(notes())
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", " "))
                .post(notes())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("content"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "x".repeat(10_001)))
                .post(notes())
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("content"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "x", "category", "Robert'); DROP TABLE notes;--"))
                .post(notes())
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("category"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body("{\"content\": \"a\\u0000b\"}")
                .post(notes())
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("content"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body("{\"content\": 42, \"sensitive\": \"maybe\"}")
                .post(notes())
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "x"))
                .post("/api/v1/customers/nobody_here/notes")
                .then()
                .statusCode(404);
    }
}
