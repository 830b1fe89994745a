package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ConsoleSignIn;
import io.customer360.aggregator.testing.McpSession;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2, on the aggregator's surfaces: a note a partner marked sensitive, then changed by an analyst with
 * content only and "declassified" by a partner's {@code "sensitive": false}, is redacted for a viewer and shown to a
 * caller with c360.sensitive in the 360 view, the context pack, every MCP tool, the live stream (snapshot and update)
 * and the console's JSON. The real profile-service decides; these are the paths its answers take.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class SensitiveNotesSurfacesTest {

    private static final String CUSTOMER =
            "sens_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String FIRST = "Board weighs a rival vendor";
    private static final String SECOND = "Procurement wants Globocorp pricing";
    private static final String THIRD = "Legal hold pending audit";
    /** Words of the texts (a search highlight splits a phrase with its marks): none may reach a viewer. */
    private static final List<String> SECRETS = List.of(
            "Board weighs", "rival", "Procurement", "Globocorp", "Legal", "pending audit", "Churn risk", "Quietly");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static boolean seeded;

    private final String viewer = token(ACME, Roles.VIEWER);
    private final String reader = token(ACME, Roles.VIEWER, Roles.SENSITIVE);
    private final String analyst = token(ACME, Roles.VIEWER, Roles.EDITOR, Roles.SENSITIVE);

    @TestHTTPResource("/api/v1/customer-360/")
    URL api;

    private static String profile() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class);
    }

    @BeforeEach
    void aSensitiveNoteChangedByAnAnalystAndDeclassifiedByAPartner() throws Exception {
        if (seeded) {
            return;
        }
        try (ProfileSeed seed = new ProfileSeed("acme", CUSTOMER)) {
            seed.event("profile_update", Duration.ofDays(10), Map.of("customer_name", "Sensico"));
            seed.event(
                    "note",
                    Duration.ofDays(2),
                    Map.of("note_id", "n-s", "title", "Churn risk", "content", FIRST, "sensitive", true));
            seed.event("note", Duration.ofDays(1), Map.of("note_id", "n-p", "content", "Prefers email"));
            seed.event(
                    "note",
                    Duration.ofDays(1),
                    Map.of("note_id", "n-live", "content", "Quietly unhappy", "sensitive", true));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(given().auth()
                                .oauth2(analyst)
                                .baseUri(profile())
                                .get("/api/v1/customers/" + CUSTOMER + "/notes")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("items"))
                        .hasSize(3));
        // the analyst's change says nothing about sensitivity
        given().auth()
                .oauth2(analyst)
                .baseUri(profile())
                .contentType(ContentType.JSON)
                .body(Map.of("content", SECOND))
                .put("/api/v1/customers/" + CUSTOMER + "/notes/n-s")
                .then()
                .statusCode(200);
        // a partner's "sensitive": false, the newest word on the note
        try (ProfileSeed seed = new ProfileSeed("acme", CUSTOMER)) {
            seed.event("note", Duration.ZERO, Map.of("note_id", "n-s", "content", THIRD, "sensitive", false));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(given().auth()
                                .oauth2(reader)
                                .baseUri(profile())
                                .get("/api/v1/customers/" + CUSTOMER + "/notes/n-s")
                                .then()
                                .extract()
                                .jsonPath()
                                .getString("content"))
                        .isEqualTo(THIRD));
        seeded = true;
    }

    private static void assertNoSecret(String body) {
        assertThat(SECRETS).allSatisfy(secret -> assertThat(body).doesNotContain(secret));
    }

    @Test
    void theViewAndTheContextPackRedactTheNoteForAViewer() {
        String view = given().auth()
                .oauth2(viewer)
                .get(api + CUSTOMER)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertNoSecret(view);
        assertThat(given().auth()
                        .oauth2(viewer)
                        .get(api + CUSTOMER)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("keyNotes.find { it.id == 'n-s' }.redacted"))
                .isTrue();
        String pack = given().auth()
                .oauth2(viewer)
                .get(api + CUSTOMER + "/context")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertNoSecret(pack);
        assertThat(pack).contains("[redacted: sensitive note]");

        assertThat(given().auth()
                        .oauth2(reader)
                        .get(api + CUSTOMER)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("keyNotes.find { it.id == 'n-s' }.content"))
                .isEqualTo(THIRD);
        assertThat(given().auth()
                        .oauth2(reader)
                        .get(api + CUSTOMER + "/context")
                        .then()
                        .extract()
                        .asString())
                .contains(THIRD);
    }

    private String tool(String token, String name, Map<String, Object> arguments) throws Exception {
        String call = JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                1,
                "method",
                "tools/call",
                "params",
                Map.of("name", name, "arguments", arguments)));
        return McpSession.in(McpSession.open(token), token)
                .body(call)
                .post("/mcp")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void everyMcpToolRedactsTheNoteForAViewer() throws Exception {
        Map<String, Map<String, Object>> calls = Map.of(
                "get_timeline", Map.of("customerId", CUSTOMER, "type", "note"),
                "get_customer_360", Map.of("customerId", CUSTOMER),
                "get_context_pack", Map.of("customerId", CUSTOMER),
                "search_customers", Map.of("query", "legal hold"));
        for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
            String answer = tool(viewer, call.getKey(), call.getValue());
            assertThat(answer).as(call.getKey()).doesNotContain("\"isError\":true");
            assertNoSecret(answer);
        }
        assertThat(tool(viewer, "get_timeline", calls.get("get_timeline")))
                .contains("redacted\\\":true")
                .contains(CUSTOMER + "_note");
        assertThat(tool(reader, "get_timeline", calls.get("get_timeline"))).contains(FIRST, SECOND, THIRD);
        assertThat(tool(reader, "search_customers", calls.get("search_customers")))
                .contains(CUSTOMER);
    }

    @Test
    void theLiveStreamRedactsTheNoteInItsSnapshotAndItsUpdates() throws Exception {
        String fourth = "Escalated to general counsel";
        try (Events viewing = Events.open(api + CUSTOMER + "/stream", viewer);
                Events reading = Events.open(api + CUSTOMER + "/stream", reader);
                Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            String snapshot = viewing.next(WAIT);
            assertThat(snapshot).contains("\"keyNotes\"");
            assertNoSecret(snapshot);
            assertThat(reading.next(WAIT)).contains(THIRD);

            given().auth()
                    .oauth2(analyst)
                    .baseUri(profile())
                    .contentType(ContentType.JSON)
                    .body(Map.of("content", fourth))
                    .put("/api/v1/customers/" + CUSTOMER + "/notes/n-live")
                    .then()
                    .statusCode(200);
            nats.jetStream().publish("test.aggregator.profile.changed.acme." + CUSTOMER, """
                    {"tenant":"acme","customerId":"%s","sections":["notes"],"eventIds":["e"],"occurredAt":"2026-11-22T10:00:00Z"}""".formatted(CUSTOMER)
                    .getBytes(StandardCharsets.UTF_8));

            String viewed = viewing.next(WAIT);
            assertThat(viewed).contains("\"changed\"").doesNotContain("general counsel");
            assertNoSecret(viewed);
            assertThat(reading.next(WAIT)).contains(fourth);
        }
    }

    @Test
    void theConsolesPanelsRedactTheNoteForAViewer() {
        Map<String, String> viewing = ConsoleSignIn.as(ACME, Roles.VIEWER);
        Map<String, String> reading = ConsoleSignIn.as(ACME, Roles.VIEWER, Roles.SENSITIVE);
        for (String path : List.of(
                "/console/api/customers/" + CUSTOMER,
                "/console/api/customers/" + CUSTOMER + "/timeline",
                "/console/api/customers/" + CUSTOMER + "/details",
                "/console/api/search?q=legal%20hold")) {
            String body = given().header("Host", ConsoleSignIn.HOST)
                    .header("X-Requested-With", "JavaScript")
                    .cookies(viewing)
                    .urlEncodingEnabled(false)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertNoSecret(body);
        }
        assertThat(given().header("Host", ConsoleSignIn.HOST)
                        .header("X-Requested-With", "JavaScript")
                        .cookies(reading)
                        .get("/console/api/customers/" + CUSTOMER + "/timeline")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains(FIRST, SECOND, THIRD);
    }

    /** The data of a stream's events other than pings, as they arrive. */
    private static final class Events implements AutoCloseable {
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        private final HttpResponse<Stream<String>> response;
        private final BlockingQueue<String> data = new LinkedBlockingQueue<>();

        private Events(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(
                    () -> {
                        try (Stream<String> lines = response.body()) {
                            lines.filter(line -> line.startsWith("data:") && !line.equals("data:{}"))
                                    .forEach(line -> data.add(line.substring(5).strip()));
                        } catch (RuntimeException closed) {
                            // the test closed the stream
                        }
                    },
                    "sse-sensitive-notes");
            reader.setDaemon(true);
            reader.start();
        }

        static Events open(String url, String token) throws Exception {
            HttpResponse<Stream<String>> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Events(response);
        }

        String next(Duration within) throws InterruptedException {
            String next = data.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(next).as("an event within %s", within).isNotNull();
            return next;
        }

        @Override
        public void close() {
            response.body().close();
        }
    }
}
