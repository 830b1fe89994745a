package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No path of the API shadows a customer (issue 22): customers whose ids are the names of the tenant-wide resources can
 * be viewed at {@code /api/v1/customer-360/{id}}, and those resources answer under {@code /api/v1/views/}.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class CollectionPathsTest {

    /** The names the tenant-wide resources had under /api/v1/customer-360/ before issue 22. */
    private static final List<String> FORMER_COLLECTION_NAMES = List.of("audit", "stream", "rescoring", "insights");

    @TestHTTPResource("/api/v1/views/stream")
    URL tenantStream;

    @BeforeAll
    static void seedCustomersNamedLikeTheCollections() {
        FORMER_COLLECTION_NAMES.forEach(ProfileServiceResource::seedPurchase);
    }

    @Test
    void customersNamedLikeTheTenantWideResourcesCanBeViewed() {
        String viewer = token(ACME, Roles.VIEWER);
        for (String id : FORMER_COLLECTION_NAMES) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().auth()
                            .oauth2(viewer)
                            .get("/api/v1/customer-360/" + id)
                            .then()
                            .statusCode(200)
                            .body("accountId", equalTo(id))
                            .body("accountProfile.name", equalTo("John Smith")));
            given().auth()
                    .oauth2(viewer)
                    .get("/api/v1/customer-360/" + id + "/context")
                    .then()
                    .statusCode(200)
                    .body(startsWith("# Customer context: " + id));
        }
        // the former rescoring path is a customer's now: nothing starts a run there
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .post("/api/v1/customer-360/rescoring")
                .then()
                .statusCode(405);
    }

    @Test
    void theAuditListsTheAccessOfTheCustomerCalledAudit() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .header("X-Purpose", "collection paths")
                        .get("/api/v1/customer-360/audit")
                        .then()
                        .statusCode(200));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.ADMIN))
                        .queryParam("customerId", "audit")
                        .get("/api/v1/views/audit")
                        .then()
                        .statusCode(200)
                        .body("items.customerId", hasItem("audit"))
                        .body("items.purpose", hasItem("collection paths")));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/views/audit")
                .then()
                .statusCode(403);
    }

    @Test
    void insightAccuracyAnswersUnderViews() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(200)
                .contentType("application/json");
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("from", "yesterday")
                .get("/api/v1/views/insights/accuracy")
                .then()
                .statusCode(400)
                .body("violations.field", contains("from"));
    }

    @Test
    void rescoringStartsUnderViews() {
        // an operator naming no tenant is refused before any run starts: the resource answers, nothing is rescored
        given().auth()
                .oauth2(TestTokens.tokenWithoutTenant(Roles.OPERATOR))
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(400)
                .body("violations.field", contains("tenant"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(403);
    }

    @Test
    void theTenantStreamAnswersUnderViews() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(tenantStream.toURI())
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token(ACME, Roles.VIEWER))
                .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        // closing the body ends the stream; its events are LiveStreamTest's
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        }
    }
}
