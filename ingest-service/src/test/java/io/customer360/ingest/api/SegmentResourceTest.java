package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Segment's HTTP tracking API on /v1/: write keys, each call type and its mapping onto the partner contract, identity
 * stitching and its conflicts, Segment's limits and errors, revocation and tenant isolation.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SegmentResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private String acmeKey;

    @BeforeEach
    void createSource() {
        acmeKey = createSource(ACME, "web-shop");
    }

    static String createSource(String tenant, String name) {
        return given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", name))
                .post("/api/v1/sources")
                .then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/sources/"))
                .body("name", equalTo(name))
                .body("writeKey", startsWith("c360wk_"))
                .extract()
                .path("writeKey");
    }

    private static ValidatableResponse send(String writeKey, String call, String body) {
        return given().auth()
                .preemptive()
                .basic(writeKey, "")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/" + call)
                .then();
    }

    private Subscription subscribe(String filter) throws Exception {
        Subscription subscription = nats.connection().subscribe(nats.subject(filter));
        nats.connection().flush(Duration.ofSeconds(2));
        return subscription;
    }

    /** The next normalized event on the subscription whose eventId is {@code eventId}. */
    private JsonNode next(Subscription subscription, String eventId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = subscription.nextMessage(Duration.ofMillis(500));
            if (message != null) {
                JsonNode event = mapper.readTree(message.getData());
                if (eventId.equals(event.path("eventId").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("Nothing published for " + eventId + " within " + WAIT);
    }

    @Test
    void aTrackCallBecomesAPartnerEventOfTheKeysTenantAndSource() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "track", """
                {"userId":"user_%s","event":"Order Completed","messageId":"m1_%s",
                 "properties":{"order_id":"ord_9","total":42.5,"products":[{"name":"Widget","sku":"W-1","quantity":2,"price":21.25}]},
                 "context":{"ip":"203.0.113.9","library":{"name":"analytics-node"}}}""".formatted(run, run))
                .statusCode(200)
                .body("success", equalTo(true))
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].eventId", equalTo("m1_" + run));

        JsonNode event = next(published, "m1_" + run);
        assertThat(event.path("tenant").asText()).isEqualTo(ACME);
        assertThat(event.path("customerId").asText()).isEqualTo("user_" + run);
        assertThat(event.path("eventType").asText())
                .as("Order Completed maps to the catalog's purchase")
                .isEqualTo("purchase");
        assertThat(event.path("sourceService").asText()).isEqualTo("web-shop");
        assertThat(event.path("data").path("order_id").asText()).isEqualTo("ord_9");
        assertThat(event.path("data").path("product_name").asText()).isEqualTo("Widget");
        assertThat(event.path("data").path("total").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(event.path("metadata").path("context").path("ip").asText()).isEqualTo("203.0.113.9");
        assertThat(event.path("metadata").path("segment").path("event").asText())
                .isEqualTo("Order Completed");
    }

    @Test
    void anUnmappedTrackEventIsACustomTypeInSnakeCase() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "track", """
                {"userId":"user_%s","event":"Report Exported","messageId":"m2_%s","properties":{"format":"csv"}}""".formatted(run, run)).statusCode(200);
        JsonNode event = next(published, "m2_" + run);
        assertThat(event.path("eventType").asText()).isEqualTo("report_exported");
        assertThat(event.path("data").path("format").asText()).isEqualTo("csv");
    }

    @Test
    void theTrackMappingIsPerTenant() throws Exception {
        String globexKey = createSource(GLOBEX, "globex-crm");
        Subscription published = subscribe("profile.events.globex.user_" + run + ".>");
        send(globexKey, "track", """
                {"userId":"user_%s","event":"Order Completed","messageId":"m3_%s","properties":{}}""".formatted(run, run)).statusCode(200);
        assertThat(next(published, "m3_" + run).path("eventType").asText()).isEqualTo("deal_won");
    }

    @Test
    void identifyTraitsBecomeProfileFieldsAndGroupTraitsCompanyFields() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "identify", """
                {"userId":"user_%s","messageId":"i1_%s","traits":{"firstName":"Ada","lastName":"Lovelace",
                 "email":"ada@example.com","phone":"+44 1","plan":"pro","address":{"country":"GB"}}}""".formatted(run, run))
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        JsonNode identify = next(published, "i1_" + run);
        assertThat(identify.path("eventType").asText()).isEqualTo("profile_update");
        assertThat(identify.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(identify.path("data").path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(identify.path("data").path("phone").asText()).isEqualTo("+44 1");
        assertThat(identify.path("data").path("country").asText()).isEqualTo("GB");
        assertThat(identify.path("data").path("traits").path("plan").asText()).isEqualTo("pro");

        send(acmeKey, "group", """
                {"userId":"user_%s","groupId":"grp_1","messageId":"g1_%s","traits":{"name":"Analytical Engines Ltd",
                 "industry":"Computing","employees":12,"website":"https://engines.example"}}""".formatted(run, run)).statusCode(200).body("results[0].status", equalTo("accepted"));
        JsonNode group = next(published, "g1_" + run);
        assertThat(group.path("eventType").asText()).isEqualTo("profile_update");
        assertThat(group.path("data").path("company").asText()).isEqualTo("Analytical Engines Ltd");
        assertThat(group.path("data").path("industry").asText()).isEqualTo("Computing");
        assertThat(group.path("data").path("employees").asInt()).isEqualTo(12);
        assertThat(group.path("data").path("group_id").asText()).isEqualTo("grp_1");
        assertThat(group.path("data").has("name"))
                .as("a group's name is the company's, not the person's")
                .isFalse();
    }

    @Test
    void pageAndScreenCallsAreViews() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "page", """
                {"userId":"user_%s","name":"Pricing","category":"Docs","messageId":"p1_%s","properties":{"url":"https://x.example/pricing"}}""".formatted(run, run)).statusCode(200);
        send(acmeKey, "screen", """
                {"userId":"user_%s","name":"Settings","messageId":"s1_%s"}""".formatted(run, run)).statusCode(200);
        JsonNode page = next(published, "p1_" + run);
        assertThat(page.path("eventType").asText()).isEqualTo("page_viewed");
        assertThat(page.path("data").path("page_name").asText()).isEqualTo("Pricing");
        assertThat(page.path("data").path("category").asText()).isEqualTo("Docs");
        assertThat(page.path("data").path("url").asText()).isEqualTo("https://x.example/pricing");
        JsonNode screen = next(published, "s1_" + run);
        assertThat(screen.path("eventType").asText()).isEqualTo("screen_viewed");
        assertThat(screen.path("data").path("screen_name").asText()).isEqualTo("Settings");
    }

    @Test
    void clockSkewIsCorrectedAsSegmentDoes() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        // the client's clock is an hour behind: it called 5 s before it sent
        Instant clientNow = Instant.now().minus(Duration.ofHours(1));
        send(acmeKey, "track", """
                {"userId":"user_%s","event":"Clicked","messageId":"t1_%s","originalTimestamp":"%s","sentAt":"%s"}""".formatted(run, run, clientNow.minusSeconds(5), clientNow))
                .statusCode(200);
        JsonNode event = next(published, "t1_" + run);
        JsonNode times = event.path("metadata").path("segment");
        Instant receivedAt = Instant.parse(times.path("received_at").asText());
        assertThat(Instant.parse(times.path("timestamp").asText())).isEqualTo(receivedAt.minusSeconds(5));
        // the corrected time itself, to the microsecond: not rounded to the second on its way to profile-service
        assertThat(Instant.parse(event.path("occurredAt").asText()))
                .isEqualTo(receivedAt.minusSeconds(5).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void anAnonymousVisitorHasAnAnonymousProfileUntilIdentifiedThenTheirCallsReachTheUser() throws Exception {
        String anonymous = "a-" + run;
        Subscription published = subscribe("profile.events.acme.>");
        send(acmeKey, "track", """
                {"anonymousId":"%s","event":"Viewed Pricing","messageId":"v1_%s"}""".formatted(anonymous, run)).statusCode(200);
        assertThat(next(published, "v1_" + run).path("customerId").asText()).isEqualTo("anon-" + anonymous);

        send(acmeKey, "identify", """
                {"userId":"user_%s","anonymousId":"%s","messageId":"i2_%s","traits":{"name":"Grace"}}""".formatted(run, anonymous, run))
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        assertThat(next(published, "i2_" + run).path("customerId").asText()).isEqualTo("user_" + run);
        JsonNode stitch = nextOfType(published, "identity_stitched", "user_" + run);
        assertThat(stitch.path("data").path("anonymous_customer_id").asText()).isEqualTo("anon-" + anonymous);

        send(acmeKey, "track", """
                {"anonymousId":"%s","event":"Viewed Pricing","messageId":"v2_%s"}""".formatted(anonymous, run)).statusCode(200);
        assertThat(next(published, "v2_" + run).path("customerId").asText())
                .as("later calls reach the user")
                .isEqualTo("user_" + run);
    }

    @Test
    void anAliasStitchesAPreviousIdIntoTheUser() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "alias", """
                {"userId":"user_%s","previousId":"old-%s","messageId":"al_%s"}""".formatted(run, run, run))
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        JsonNode aliased = next(published, "al_" + run);
        assertThat(aliased.path("eventType").asText()).isEqualTo("user_aliased");
        assertThat(aliased.path("data").path("previous_id").asText()).isEqualTo("old-" + run);
        assertThat(nextOfType(published, "identity_stitched", "user_" + run)
                        .path("data")
                        .path("anonymous_customer_id")
                        .asText())
                .isEqualTo("anon-old-" + run);
    }

    @Test
    void aSecondUserClaimingAnAnonymousIdIsDeadLetteredNotMerged() throws Exception {
        String anonymous = "shared-" + run;
        send(acmeKey, "identify", """
                {"userId":"first_%s","anonymousId":"%s","messageId":"c1_%s"}""".formatted(run, anonymous, run))
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        Subscription second = subscribe("profile.events.acme.second_" + run + ".>");
        send(acmeKey, "identify", """
                {"userId":"second_%s","anonymousId":"%s","messageId":"c2_%s"}""".formatted(run, anonymous, run))
                .statusCode(200)
                .body("results[0].status", equalTo("rejected"))
                .body("results[0].reason", equalTo("identity_conflict"));
        assertThat(second.nextMessage(Duration.ofSeconds(1)))
                .as("nothing published for the second user")
                .isNull();
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.ADMIN))
                        .queryParam("reason", "identity_conflict")
                        .queryParam("limit", 500)
                        .get("/api/v1/dead-letters")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", hasItem("c2_" + run)));
        // a retry of the first claim is no conflict
        send(acmeKey, "identify", """
                {"userId":"first_%s","anonymousId":"%s","messageId":"c1_%s"}""".formatted(run, anonymous, run))
                .statusCode(200)
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void aBatchIsolatesItsInvalidCallsInDeadLetters() throws Exception {
        Subscription published = subscribe("profile.events.acme.user_" + run + ".>");
        send(acmeKey, "batch", """
                {"batch":[
                  {"type":"track","userId":"user_%1$s","event":"Signed In","messageId":"b1_%1$s"},
                  {"type":"track","event":"Nobody","messageId":"b2_%1$s"},
                  {"type":"teleport","userId":"user_%1$s","messageId":"b3_%1$s"},
                  {"type":"page","userId":"user_%1$s","name":"Home","messageId":"b4_%1$s"}],
                 "context":{"app":{"name":"shop"}},"sentAt":"%2$s"}""".formatted(run, Instant.now()))
                .statusCode(200)
                .body("success", equalTo(true))
                .body("results.status", contains("accepted", "rejected", "rejected", "accepted"))
                .body("results.reason", contains(null, "missing_field", "invalid_type", null));
        JsonNode signedIn = next(published, "b1_" + run);
        assertThat(signedIn.path("eventType").asText()).isEqualTo("login");
        assertThat(signedIn.path("metadata")
                        .path("context")
                        .path("app")
                        .path("name")
                        .asText())
                .as("the batch's context applies to its calls")
                .isEqualTo("shop");
        next(published, "b4_" + run);
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.ADMIN))
                        .queryParam("limit", 500)
                        .get("/api/v1/dead-letters")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", org.hamcrest.Matchers.hasItems("b2_" + run, "b3_" + run)));
    }

    @Test
    void aRetriedMessageIdIsOneEvent() {
        String body = """
                {"userId":"user_%s","event":"Clicked","messageId":"r1_%s"}""".formatted(run, run);
        send(acmeKey, "track", body).statusCode(200).body("results[0].status", equalTo("accepted"));
        send(acmeKey, "track", body)
                .statusCode(200)
                .body("results[0].status", equalTo("duplicate"))
                .body("results[0].eventId", equalTo("r1_" + run));
    }

    @Test
    void aGzippedBatchIsTaken() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("""
                    {"batch":[{"type":"track","userId":"user_%s","event":"Clicked","messageId":"z1_%s"}]}""".formatted(run, run).getBytes(StandardCharsets.UTF_8));
        }
        given().auth()
                .preemptive()
                .basic(acmeKey, "")
                .contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(zipped.toByteArray())
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
    }

    @Test
    void badInputIsA400InSegmentsShape() {
        String big = "x".repeat(33 * 1024);
        send(acmeKey, "track", """
                {"userId":"u_%s","event":"Big","properties":{"blob":"%s"}}""".formatted(run, big))
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("success", equalTo(false))
                .body("code", equalTo("payload_too_large"))
                .body("status", equalTo(400))
                .body("violations[0].field", equalTo("body"));
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add("{\"type\":\"track\",\"userId\":\"u_" + run + "\",\"event\":\"E\",\"properties\":{\"blob\":\""
                    + "y".repeat(30 * 1024) + "\"}}");
        }
        send(acmeKey, "batch", "{\"batch\":[" + String.join(",", calls) + "]}")
                .statusCode(400)
                .body("code", equalTo("payload_too_large"));
        send(
                        acmeKey,
                        "batch",
                        "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"blob\":\""
                                + big + "\"}}]}")
                .statusCode(400)
                .body("code", equalTo("payload_too_large"))
                .body("violations[0].field", equalTo("batch[0]"));
        send(acmeKey, "track", "{\"event\":\"Anonymous nobody\"}")
                .statusCode(400)
                .body("code", equalTo("missing_field"))
                .body("violations[0].field", equalTo("userId"));
        send(acmeKey, "track", "{\"userId\":\"u_" + run + "\"}")
                .statusCode(400)
                .body("violations[0].field", equalTo("event"));
        send(acmeKey, "teleport", "{\"userId\":\"u_" + run + "\"}")
                .statusCode(400)
                .body("success", equalTo(false))
                .body("code", equalTo("invalid_call_type"));
        send(acmeKey, "track", "{not json").statusCode(400).body("code", equalTo("invalid_json"));
        send(acmeKey, "batch", "{\"batch\":{}}").statusCode(400).body("code", equalTo("invalid_batch"));
    }

    @Test
    void onlyAWriteKeyOfALiveSourceIsAccepted() {
        String body = "{\"userId\":\"u_" + run + "\",\"event\":\"E\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/track")
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Basic"))
                .body("success", equalTo(false));
        send("c360wk_made-up-" + run, "track", body).statusCode(401);
        // a valid bearer token is no write key
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/track")
                .then()
                .statusCode(401);

        String key = createSource(ACME, "to-revoke-" + run);
        send(key, "track", body).statusCode(200);
        String id = given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/sources")
                .then()
                .statusCode(200)
                .body("items.writeKey", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()))
                .extract()
                .path("items.find { it.name == 'to-revoke-" + run + "' }.id");
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .delete("/api/v1/sources/" + id)
                .then()
                .statusCode(404);
        send(key, "track", body).statusCode(200);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .delete("/api/v1/sources/" + id)
                .then()
                .statusCode(204);
        send(key, "track", body).statusCode(401);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/sources")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '" + id + "' }.revokedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void sourcesAreForAdminsOfTheirOwnTenant() {
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/v1/sources")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/sources")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/v1/sources")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("name", ""))
                .post("/api/v1/sources")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("name"));
        createSource(GLOBEX, "globex-only-" + run);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .get("/api/v1/sources")
                .then()
                .statusCode(200)
                .body("items.name", not(hasItem("globex-only-" + run)));
    }

    @Test
    void aWriteKeyWritesIntoItsOwnTenantWhateverTheBodySays() throws Exception {
        String globexKey = createSource(GLOBEX, "globex-app");
        Subscription acme = subscribe("profile.events.acme.iso_" + run + ".>");
        Subscription globex = subscribe("profile.events.globex.iso_" + run + ".>");
        send(globexKey, "track", """
                {"userId":"iso_%s","event":"Clicked","messageId":"iso1_%s","tenant":"acme","context":{"groupId":"acme"},
                 "properties":{"tenant":"acme","org_id":"acme"}}""".formatted(run, run)).statusCode(200);
        assertThat(next(globex, "iso1_" + run).path("tenant").asText()).isEqualTo(GLOBEX);
        assertThat(acme.nextMessage(Duration.ofSeconds(1))).isNull();
    }

    @Test
    void theOpenApiDocumentNamesTheWriteKeyScheme() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("components.securitySchemes.segmentWriteKey.scheme", equalTo("basic"))
                .body("paths.'/v1/track'.post.operationId", equalTo("segmentTrack"))
                .body("paths.'/v1/batch'.post.security[0]", org.hamcrest.Matchers.hasKey("segmentWriteKey"))
                .body("paths.'/v1/track'.post.parameters.name", not(hasItem("C360-Tenant")))
                .body("paths.'/api/v1/sources'.post.operationId", equalTo("createSource"));
    }

    private JsonNode nextOfType(Subscription subscription, String eventType, String customerId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = subscription.nextMessage(Duration.ofMillis(500));
            if (message != null) {
                JsonNode event = mapper.readTree(message.getData());
                if (eventType.equals(event.path("eventType").asText())
                        && customerId.equals(event.path("customerId").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("No " + eventType + " for " + customerId + " within " + WAIT);
    }
}
