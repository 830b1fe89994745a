package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.expiredToken;
import static io.customer360.common.testing.TestTokens.foreignIssuerToken;
import static io.customer360.common.testing.TestTokens.otherAudienceToken;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.common.testing.TestTokens.tokenWithoutTenant;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.common.auth.Roles;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.RejectReason;
import io.customer360.ingest.domain.Rejection;
import io.customer360.ingest.store.DeadLetterStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dead-letter API: admins of a tenant see their tenant's dead letters and nothing else. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class DeadLetterResourceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    DeadLetterStore store;

    private String storeDeadLetter(String tenant) {
        String marker = UUID.randomUUID().toString();
        Intake intake = Intake.http(
                tenant, ("{\"marker\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8), "test:" + marker);
        store.store(intake, null, null, Rejection.of(RejectReason.MISSING_FIELD, "test"))
                .await()
                .indefinitely();
        return given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .queryParam("limit", 500)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .path("items.find { it.payload.contains('" + marker + "') }.id");
    }

    @Test
    void withoutTokenAnswers401Problem() {
        given().get("/api/v1/dead-letters")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header(
                        "WWW-Authenticate",
                        matchesPattern(
                                "Bearer resource_metadata=\"http://[^\"]+/\\.well-known/oauth-protected-resource\""))
                .body("type", equalTo("https://customer360.io/problems/unauthorized"))
                .body("status", equalTo(401));
    }

    @Test
    void expiredTokenAnswers401() {
        given().auth()
                .oauth2(expiredToken(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void tokenOfAnotherIssuerAnswers401() {
        given().auth()
                .oauth2(foreignIssuerToken(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void tokenForAnotherAudienceAnswers401() {
        given().auth()
                .oauth2(otherAudienceToken(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void garbledTokenAnswers401() {
        given().auth()
                .oauth2("not-a-jwt")
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void viewerIsForbidden() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/forbidden"));
    }

    @Test
    void tokenWithoutTenantIsForbidden() {
        given().auth()
                .oauth2(tokenWithoutTenant(Roles.ADMIN))
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("detail", containsString("org_id"));
    }

    @Test
    void adminReadsOwnDeadLetter() {
        String id = storeDeadLetter(ACME);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("reason", equalTo("missing_field"))
                .body("receivedAt", notNullValue());
    }

    @Test
    void anotherTenantsDeadLetterIsNotFoundNotForbidden() {
        String id = storeDeadLetter(ACME);
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .get("/api/v1/dead-letters/" + id)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"));
    }

    @Test
    void malformedIdIsNotFound() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/dead-letters/' OR 1=1 --")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void pagesWithCursor() {
        storeDeadLetter(ACME);
        storeDeadLetter(ACME);
        String cursor = given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("limit", 1)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("nextCursor", notNullValue())
                .extract()
                .path("nextCursor");
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("limit", 1)
                .queryParam("cursor", cursor)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
    }

    @Test
    void outOfBoundsLimitIsA400NamingTheField() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("limit", 100000)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("limit"));
    }

    @Test
    void forgedCursorIsA400() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("cursor"));
    }

    @Test
    void unknownReasonIsA400() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("reason", "nope")
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("reason"));
    }

    @Test
    void theDocumentListsEveryReasonCodeTheFilterAccepts() {
        // a client generator builds its reason type from the document: it must be the set the list accepts
        List<String> documented = given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .path("paths.'/api/v1/dead-letters'.get.parameters.find { it.name == 'reason' }.schema.enum");

        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(RejectReason.values())
                        .map(RejectReason::code)
                        .toList());
    }

    @Test
    void unknownPathIsA404Problem() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }
}
