package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2: once a note is sensitive, every surface of profile-service redacts everything about it for callers
 * without c360.sensitive (notes, timeline with its metadata, search, sections, analytics, export); a content-only
 * change keeps it sensitive; any editor raises, only c360.sensitive lowers, and a partner never lowers.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SensitiveNotesTest {

    private static final String FIRST = "Board weighs a competitor";
    private static final String SECOND = "Procurement asked for rival pricing";
    private static final String THIRD = "Legal hold on the renewal";

    @Inject
    EventApplier applier;

    private final String customer = Fixtures.unique("sens_");
    private final String viewer = token(ACME, Roles.VIEWER);
    private final String analyst = token(ACME, Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE);
    private final String editor = token(ACME, Roles.VIEWER, Roles.EDITOR);

    @BeforeEach
    void aPartnerRaisesANote() {
        Fixtures.customer(ACME, customer)
                .eventFrom(
                        "crm",
                        "note",
                        Instant.now().minus(Duration.ofDays(2)),
                        Map.of(
                                "note_id",
                                "n-1",
                                "title",
                                "Churn risk",
                                "content",
                                FIRST,
                                "sensitive",
                                true,
                                "category",
                                "risk"))
                .event("support_ticket", Duration.ofDays(3), Map.of("ticket_id", "T-1", "title", "Login fails"))
                .applyWith(applier);
    }

    private String path(String rest) {
        return "/api/v1/customers/" + customer + rest;
    }

    private void partnerNote(Instant at, Map<String, ?> data) {
        Fixtures.customer(ACME, customer).eventFrom("crm", "note", at, data).applyWith(applier);
    }

    @Test
    void aContentOnlyChangeAndAPartnersFalseKeepTheNoteRedactedOnEverySurface() {
        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("content", SECOND, "title", "Pricing ask"))
                .put(path("/notes/n-1"))
                .then()
                .statusCode(200)
                .body("sensitive", equalTo(true));
        // a partner's "sensitive": false, newer than everything else, does not declassify
        partnerNote(Instant.now().plusSeconds(1), Map.of("note_id", "n-1", "content", THIRD, "sensitive", false));

        given().auth()
                .oauth2(viewer)
                .get(path("/notes/n-1"))
                .then()
                .statusCode(200)
                .body("sensitive", equalTo(true))
                .body("redacted", equalTo(true))
                .body("content", nullValue());
        given().auth()
                .oauth2(viewer)
                .get(path("/timeline?type=note"))
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .body("items.sensitive", everyItem(equalTo(true)))
                .body("items.redacted", everyItem(equalTo(true)))
                .body("items.metadata", everyItem(nullValue()))
                .body("items.data", everyItem(nullValue()))
                .body(not(containsString("competitor")))
                .body(not(containsString("rival")))
                .body(not(containsString("Legal")))
                .body(not(containsString("Pricing ask")));
        for (String query : new String[] {"competitor", "rival pricing", "legal hold", "pricing ask"}) {
            given().auth()
                    .oauth2(viewer)
                    .queryParam("q", query)
                    .get("/api/v1/search")
                    .then()
                    .statusCode(200)
                    .body("items.findAll { it.customerId == '" + customer + "' }", hasSize(0));
        }
        given().auth()
                .oauth2(viewer)
                .get(path("/knowledge"))
                .then()
                .statusCode(200)
                .body(not(containsString("Legal")))
                .body(not(containsString("rival")));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/analytics/customers/" + customer + "/analytics")
                .then()
                .statusCode(200)
                .body(not(containsString("Pricing ask")))
                .body(not(containsString("Churn risk")));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get(path("/export"))
                .then()
                .statusCode(200)
                .body("sensitiveIncluded", equalTo(false))
                .body(not(containsString("competitor")))
                .body(not(containsString("rival")))
                .body(not(containsString("Legal")));

        String reader = token(ACME, Roles.VIEWER, Roles.SENSITIVE);
        given().auth()
                .oauth2(reader)
                .get(path("/notes/n-1"))
                .then()
                .body("content", equalTo(THIRD))
                .body("redacted", equalTo(false));
        given().auth()
                .oauth2(reader)
                .get(path("/timeline?type=note"))
                .then()
                .body(containsString(FIRST))
                .body(containsString(SECOND))
                .body(containsString(THIRD))
                .body("items.redacted", everyItem(equalTo(false)));
        given().auth()
                .oauth2(reader)
                .queryParam("q", "legal hold")
                .get("/api/v1/search")
                .then()
                .body("items.findAll { it.customerId == '" + customer + "' }", hasSize(1));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN, Roles.SENSITIVE))
                .get(path("/export"))
                .then()
                .statusCode(200)
                .body("sensitiveIncluded", equalTo(true))
                .body(containsString(FIRST))
                .body(containsString(THIRD));
    }

    @Test
    void anyEditorRaisesOnlyC360SensitiveLowers() {
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Do not mention the audit", "sensitive", true))
                .post(path("/notes"))
                .then()
                .statusCode(201)
                .body("sensitive", equalTo(true))
                .body("redacted", equalTo(true))
                .body("content", nullValue());
        String plain = given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Likes dashboards"))
                .post(path("/notes"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Likes dashboards a lot", "sensitive", true))
                .put(path("/notes/" + plain))
                .then()
                .statusCode(200)
                .body("sensitive", equalTo(true))
                .body("redacted", equalTo(true));

        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "nothing secret", "sensitive", false))
                .put(path("/notes/n-1"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("sensitive"));
        given().auth()
                .oauth2(editor)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "nothing secret", "sensitive", false))
                .put(path("/notes/" + plain))
                .then()
                .statusCode(403)
                .body("violations[0].field", equalTo("sensitive"));
        given().auth().oauth2(viewer).get(path("/notes/n-1")).then().body("redacted", equalTo(true));

        given().auth()
                .oauth2(analyst)
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Settled, nothing confidential", "sensitive", false))
                .put(path("/notes/n-1"))
                .then()
                .statusCode(200)
                .body("sensitive", equalTo(false));
        given().auth()
                .oauth2(viewer)
                .get(path("/notes/n-1"))
                .then()
                .body("redacted", equalTo(false))
                .body("content", equalTo("Settled, nothing confidential"));
        // what was written while it was sensitive stays redacted; what came with and after the lowering is shown
        given().auth()
                .oauth2(viewer)
                .get(path("/timeline?type=note"))
                .then()
                .body(not(containsString(FIRST)))
                .body(containsString("Settled, nothing confidential"))
                .body("items.findAll { it.origin == 'partner' }.redacted", everyItem(equalTo(true)))
                .body("items[0].data.note_id", equalTo("n-1"))
                .body("items[0].redacted", equalTo(false))
                .body("items[0].origin", equalTo("platform"))
                .body("items[0].actor", equalTo("acme-user"));

        // a partner raises it again: the whole note is hidden again, the lowering's text included
        partnerNote(
                Instant.now().plusSeconds(1),
                Map.of("note_id", "n-1", "content", "Renewed interest", "sensitive", true));
        given().auth().oauth2(viewer).get(path("/notes/n-1")).then().body("redacted", equalTo(true));
        given().auth()
                .oauth2(viewer)
                .get(path("/timeline?type=note"))
                .then()
                .body("items.redacted", everyItem(equalTo(true)))
                .body(not(containsString("Settled")));
    }

    @Test
    void aPartnerRaisingLateRedactsTheNotesEarlierEntriesAndNeverLowers() {
        partnerNote(Instant.now().minus(Duration.ofDays(5)), Map.of("note_id", "n-2", "content", "Budget frozen"));
        given().auth().oauth2(viewer).get(path("/timeline?type=note")).then().body(containsString("Budget frozen"));
        partnerNote(
                Instant.now().minus(Duration.ofDays(4)),
                Map.of("note_id", "n-2", "content", "Budget frozen by the CFO", "sensitive", "true"));
        partnerNote(
                Instant.now().minus(Duration.ofDays(1)),
                Map.of("note_id", "n-2", "content", "Budget still frozen", "sensitive", false));
        given().auth()
                .oauth2(viewer)
                .get(path("/notes/n-2"))
                .then()
                .body("sensitive", equalTo(true))
                .body("redacted", equalTo(true));
        given().auth()
                .oauth2(viewer)
                .get(path("/timeline?type=note"))
                .then()
                .body(not(containsString("Budget")))
                .body("items.redacted", everyItem(equalTo(true)));
    }
}
