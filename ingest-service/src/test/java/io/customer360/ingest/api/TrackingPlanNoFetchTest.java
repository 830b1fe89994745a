package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.ingest.SeedEvents;
import io.customer360.ingest.store.TrackingPlanStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: no keyword of a tracking plan ever makes ingest fetch anything. A listener that accepts connections and
 * never answers stands for the slowest server an admin could name: a plan pointing at it is refused, the
 * listener never sees a connection, and another tenant's HTTP intake keeps answering meanwhile. A local file that
 * exists and one that does not get the same answer (no file-probing oracle).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TrackingPlanNoFetchTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    /**
     * A bound on waiting, not a speed requirement: a plan that made ingest fetch would hang on the listener for good;
     * that no fetch happens is what {@link HangingListener#assertNeverConnected} checks.
     */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(30);

    @Inject
    TrackingPlanStore store;

    @Inject
    ObjectMapper mapper;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String type = "fetch_" + run.replaceAll("[^a-z0-9]", "x");
    private HangingListener listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new HangingListener();
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    private static RequestSpecification admin(String tenant) {
        return given().auth().oauth2(token(tenant, Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private Response put(String schema) {
        return admin(ACME).body(schema).put("/api/v1/tracking-plans/event-types/" + type);
    }

    @Test
    void aSchemaKeywordPointingAtAHangingServerIsRefusedWithoutAConnection() throws Exception {
        String url = listener.url("/plain?x=1");
        List<String[]> refused = List.of(
                new String[] {"$schema", "{\"$schema\":\"" + url + "\",\"type\":\"object\"}"},
                new String[] {
                    "$schema", "{\"$schema\":\"https://127.0.0.1:" + listener.port() + "/s\",\"type\":\"object\"}"
                },
                new String[] {"$schema", "{\"$schema\":\"ftp://127.0.0.1:" + listener.port() + "/s\"}"},
                new String[] {"$schema", "{\"$schema\":\"jar:" + url + "!/schema.json\"}"},
                new String[] {"$schema", "{\"$schema\":\"classpath:draft/2020-12/schema\"}"},
                // a draft's URI with anything added is not that draft
                new String[] {"$schema", "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema?x=" + url + "\"}"
                },
                new String[] {"$schema", "{\"type\":\"object\",\"properties\":{\"a\":{\"$schema\":\"" + url + "\"}}}"},
                new String[] {"$ref", "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + url + "\"}}}"},
                new String[] {"$ref", "{\"$ref\":\"//127.0.0.1:" + listener.port() + "/s\"}"},
                new String[] {"$dynamicRef", "{\"$dynamicRef\":\"" + url + "#meta\"}"},
                new String[] {"$recursiveRef", "{\"$recursiveRef\":\"" + url + "\"}"},
                new String[] {
                    "$id",
                    "{\"$id\":\"" + url + "\",\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/x\"}}}"
                },
                new String[] {
                    "$id", "{\"type\":\"object\",\"properties\":{\"a\":{\"$id\":\"" + url + "\",\"$ref\":\"#\"}}}"
                });

        for (String[] plan : refused) {
            put(plan[1]).then().statusCode(400).contentType(PROBLEM_JSON).body("violations[0].field", equalTo(plan[0]));
        }
        admin(ACME).get("/api/v1/tracking-plans/event-types/" + type).then().statusCode(404);
        listener.assertNeverConnected();
    }

    @Test
    void anotherTenantsIntakeKeepsAnsweringWhilePlansPointAtTheHangingServer() throws Exception {
        String url = listener.url("/plain?x=1");
        ExecutorService admins = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> puts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String keyword = i % 2 == 0 ? "$schema" : "$ref";
                String schema = "{\"" + keyword + "\":\"" + url + "&n=" + i + "\",\"type\":\"object\"}";
                puts.add(admins.submit(() -> put(schema).statusCode()));
            }
            // globex's events are answered while acme's admins keep naming the listener
            for (int i = 0; i < 10; i++) {
                given().auth()
                        .oauth2(token(GLOBEX, Roles.EVENTS_WRITER))
                        .contentType(ContentType.JSON)
                        .body(SeedEvents.purchase("nofetch_" + run + "_" + i))
                        .post("/api/v1/events")
                        .then()
                        .statusCode(200)
                        .body("results[0].status", equalTo("accepted"));
            }
            for (Future<Integer> answered : puts) {
                assertThat(answered.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(400);
            }
        } finally {
            admins.shutdownNow();
        }
        listener.assertNeverConnected();
    }

    @Test
    void anExistingAndAMissingLocalFileGetTheSameAnswer() throws Exception {
        Path existing = Files.createTempFile("plan", ".json");
        Files.writeString(existing, "{\"type\":\"object\"}");
        Path missing = existing.resolveSibling("missing-" + run + ".json");
        try {
            for (String keyword : List.of("$schema", "$ref", "$id")) {
                String existingAnswer = put(plan(keyword, existing.toUri().toString()))
                        .then()
                        .statusCode(400)
                        .contentType(PROBLEM_JSON)
                        .extract()
                        .asString();
                String missingAnswer = put(plan(keyword, missing.toUri().toString()))
                        .then()
                        .statusCode(400)
                        .contentType(PROBLEM_JSON)
                        .extract()
                        .asString();
                assertThat(existingAnswer).isEqualTo(missingAnswer).doesNotContain(existing.toString());
                assertThat(mapper.readTree(existingAnswer)
                                .at("/violations/0/field")
                                .asText())
                        .isEqualTo(keyword);
            }
        } finally {
            Files.deleteIfExists(existing);
        }
    }

    @Test
    void theDraftsTheValidatorImplementsAreUsableOffline() {
        for (String draft : List.of(
                "https://json-schema.org/draft/2020-12/schema",
                "https://json-schema.org/draft/2019-09/schema",
                "http://json-schema.org/draft-07/schema#",
                "http://json-schema.org/draft-06/schema#",
                "http://json-schema.org/draft-04/schema#")) {
            put("{\"$schema\":\"" + draft + "\",\"type\":\"object\",\"required\":[\"amount\"]}")
                    .then()
                    .statusCode(200);
        }
        // local references, a fragment $id and $dynamicRef stay usable
        put("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$dynamicAnchor":"node","type":"object",
                 "properties":{"amount":{"$ref":"#/$defs/money"},"child":{"$dynamicRef":"#node"}},
                 "$defs":{"money":{"type":"number"}}}""").then().statusCode(200);
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body("""
                        {"customer_id":"nofetch_%s","event_type":"%s","timestamp":1734134400,"source_service":"billing",
                         "data":{"amount":"12.50"}}""".formatted(run, type))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].reason", equalTo("schema_violation"));
    }

    @Test
    void aStoredPlanNamingAServerFetchesNothingAndItsEventsAreDeadLettered() throws Exception {
        // as if saved before the API refused it: the gate compiles it offline or not at all
        JsonNode legacy = mapper.readTree("{\"$schema\":\"" + listener.url("/legacy") + "\",\"type\":\"object\"}");
        store.save(ACME, type, legacy, "test").await().atMost(Duration.ofSeconds(5));
        // the gate reloads the tenant's plans within its refresh period: wait until the plan applies
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String reason = null;
        while (System.nanoTime() < deadline && !"schema_violation".equals(reason)) {
            reason = given().auth()
                    .oauth2(token(ACME, Roles.EVENTS_WRITER))
                    .contentType(ContentType.JSON)
                    .body("""
                            {"customer_id":"nofetch_%s","event_type":"%s","timestamp":1734134400,"source_service":"billing",
                             "data":{"amount":1}}""".formatted(run, type))
                    .post("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("results[0].reason");
            Thread.sleep(250);
        }
        assertThat(reason).isEqualTo("schema_violation");
        listener.assertNeverConnected();
        admin(ACME).delete("/api/v1/tracking-plans/event-types/" + type).then().statusCode(204);
    }

    private static String plan(String keyword, String uri) {
        return switch (keyword) {
            case "$id" ->
                "{\"$id\":\"" + uri + "\",\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/a\"}}}";
            default -> "{\"" + keyword + "\":\"" + uri + "\",\"type\":\"object\"}";
        };
    }

    /** Accepts every connection and never answers; counts what it accepted. */
    private static final class HangingListener implements AutoCloseable {

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HangingListener() throws IOException {
            acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                                accepted.incrementAndGet();
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "hanging-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String url(String path) {
            return "http://127.0.0.1:" + port() + path;
        }

        void assertNeverConnected() throws InterruptedException {
            // a fetch started in the background would connect within this wait
            Thread.sleep(300);
            assertThat(accepted.get()).as("connections the listener received").isZero();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
