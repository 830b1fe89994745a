package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 against the whole mesh and the real Keycloak: services instrumented with the unmodified npm
 * {@code @segment/analytics-node} (3.1.0) and {@code @rudderstack/rudder-sdk-node} (3.0.13), configured only with
 * ingest's URL and a write key, send track, identify, group, page, an anonymous visit tied to the user by alias (or
 * identify), a batch with one call the mesh cannot take, a retried messageId, and calls with a revoked key; each is
 * asserted where a person looks: the timeline, the profile, the merge history, the dead letters, the 360 view.
 */
@Order(Mesh.SHARED)
class SegmentLibrariesIT {

    private static final Path CLIENT_DIR = Path.of("src/test/segment-libraries").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String USER = "seg_user_" + RUN;
    private static final String RUDDER_USER = "rs_user_" + RUN;

    private static Mesh mesh;
    private static JsonNode report;

    @BeforeAll
    static void sendWithBothLibraries() throws Exception {
        NodeScripts.install(CLIENT_DIR, "@segment/analytics-node", "@rudderstack/rudder-sdk-node");
        mesh = Mesh.shared();
        String admin = Keycloak.token("acme-admin");
        String writeKey = createSource(admin, "segment-web");
        String revokedKey = createSource(admin, "retired-app");
        String revokedId = given().auth()
                .oauth2(admin)
                .get(mesh.ingest.baseUrl() + "/api/v1/sources")
                .then()
                .statusCode(200)
                .extract()
                .path("items.find { it.name == 'retired-app' }.id");
        given().auth()
                .oauth2(admin)
                .delete(mesh.ingest.baseUrl() + "/api/v1/sources/" + revokedId)
                .then()
                .statusCode(204);

        NodeScripts.Result sent = NodeScripts.run(
                CLIENT_DIR,
                List.of("node", "send.mjs"),
                Map.of(
                        "INGEST_URL",
                        mesh.ingest.baseUrl(),
                        "WRITE_KEY",
                        writeKey,
                        "REVOKED_KEY",
                        revokedKey,
                        "RUN",
                        RUN),
                Duration.ofMinutes(2));
        assertThat(sent.exitCode()).as("node send.mjs: %s", sent.output()).isZero();
        String[] lines = sent.output().strip().split("\n");
        report = JSON.readTree(lines[lines.length - 1]);
    }

    private static String createSource(String admin, String name) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post(mesh.ingest.baseUrl() + "/api/v1/sources")
                .then()
                .statusCode(201)
                .extract()
                .path("writeKey");
    }

    @Test
    void theLibrariesReportedNoFailureExceptForTheRevokedKey() {
        assertThat(report.path("segmentErrors")).as("analytics-node errors").isEmpty();
        assertThat(report.path("rudderErrors")).as("rudder-sdk-node errors").isEmpty();
        List<String> revoked = JSON.convertValue(report.path("revokedErrors"), List.class);
        assertThat(revoked).as("both libraries were refused with 401").anyMatch(e -> e.contains("401"));
        assertThat(revoked).anyMatch(e -> e.startsWith("rudder") && e.contains("401"));
        String viewer = Keycloak.token("acme-viewer");
        given().auth()
                .oauth2(viewer)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/revoked_" + RUN)
                .then()
                .statusCode(404);
    }

    @Test
    void segmentCallsLandOnTheTimelineTheProfileAndThe360View() {
        String viewer = Keycloak.token("acme-viewer");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .queryParam("limit", 100)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER + "/timeline")
                        .then()
                        .statusCode(200)
                        .body(
                                "items.eventId",
                                hasItems(
                                        "seg-identify-" + RUN,
                                        "seg-group-" + RUN,
                                        "seg-order-" + RUN,
                                        "seg-page-" + RUN,
                                        "seg-alias-" + RUN,
                                        "seg-batch-ok1-" + RUN,
                                        "seg-batch-ok2-" + RUN,
                                        "seg-retry-" + RUN)));
        List<String> eventIds = given().auth()
                .oauth2(viewer)
                .queryParam("limit", 100)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER + "/timeline")
                .then()
                .extract()
                .path("items.eventId");
        assertThat(eventIds).as("the retried messageId is one event").containsOnlyOnce("seg-retry-" + RUN);
        assertThat(eventIds).doesNotContain("seg-batch-bad-" + RUN);
        given().auth()
                .oauth2(viewer)
                .queryParam("limit", 100)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER + "/timeline")
                .then()
                .body("items.find { it.eventId == 'seg-order-" + RUN + "' }.eventType", equalTo("purchase"))
                .body("items.find { it.eventId == 'seg-page-" + RUN + "' }.eventType", equalTo("page_viewed"));
        given().auth()
                .oauth2(viewer)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER)
                .then()
                .statusCode(200)
                .body("name", equalTo("Sam Segment"))
                .body("email", equalTo("sam." + RUN + "@example.com"))
                .body("company", equalTo("Segmented Ltd"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .header("Cache-Control", "no-cache")
                        .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/" + USER)
                        .then()
                        .statusCode(200)
                        .body("accountId", equalTo(USER))
                        .body("accountProfile.name", equalTo("Sam Segment")));
    }

    @Test
    void theAnonymousVisitIsMergedIntoTheUserByAliasAndIdentify() {
        String viewer = Keycloak.token("acme-viewer");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .queryParam("limit", 100)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", hasItem("seg-anon-" + RUN)));
        given().auth()
                .oauth2(viewer)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + USER + "/merges")
                .then()
                .statusCode(200)
                .body("sourceId", hasItem("anon-visitor-" + RUN));
        // the anonymous id now names the user
        given().auth()
                .oauth2(viewer)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/anon-visitor-" + RUN)
                .then()
                .statusCode(200)
                .body("id", equalTo(USER));

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .queryParam("limit", 100)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + RUDDER_USER + "/timeline")
                        .then()
                        .statusCode(200)
                        .body(
                                "items.eventId",
                                hasItems(
                                        "rs-anon-" + RUN,
                                        "rs-identify-" + RUN,
                                        "rs-group-" + RUN,
                                        "rs-page-" + RUN,
                                        "rs-order-" + RUN)));
        List<String> rudderIds = given().auth()
                .oauth2(viewer)
                .queryParam("limit", 100)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + RUDDER_USER + "/timeline")
                .then()
                .extract()
                .path("items.eventId");
        assertThat(rudderIds).as("the retried messageId is one event").containsOnlyOnce("rs-order-" + RUN);
        given().auth()
                .oauth2(viewer)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + RUDDER_USER)
                .then()
                .statusCode(200)
                .body("name", equalTo("Rita Rudder"))
                .body("company", equalTo("Rudder Co"));
    }

    @Test
    void theInvalidCallOfTheBatchIsDeadLetteredAlone() {
        String admin = Keycloak.token("acme-admin");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .queryParam("limit", 500)
                        .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                        .then()
                        .statusCode(200)
                        .body(
                                "items.find { it.eventId == 'seg-batch-bad-" + RUN + "' }.reason",
                                equalTo("invalid_type"))
                        .body("items.eventId", not(hasItem("seg-batch-ok1-" + RUN))));
    }
}
