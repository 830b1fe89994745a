package io.customer360.ingest.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.ingest.SeedEvents;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Replay re-delivers retained events (partner events of every subject form and HTTP events) idempotently, in stored
 * order across pages; after an erasure it resurrects nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ReplayResourceTest {

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    private final String customer = "replay_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void replayIsIdempotentAndErasureThenReplayResurrectsNothing() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        publish("customer.events." + customer + ".purchase", SeedEvents.purchase(customer));
        publish("customer.events." + customer + ".oops", SeedEvents.purchase(customer));
        assertThat(awaitFor(downstream)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLettersOf(customer) == 1);

        replay(from)
                .then()
                .statusCode(200)
                .body("replayed", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", equalTo(1))
                .body("skippedErased", equalTo(0));
        // the rejected one was dead-lettered again into its own row, not a new one
        assertThat(deadLettersOf(customer)).isEqualTo(1);

        nats.jetStream()
                .publish(
                        nats.subject("customer.erased.acme." + customer),
                        ("{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\",\"occurredAt\":\"" + Instant.now()
                                        + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        pool.preparedQuery("SELECT 1 FROM erased_customers WHERE tenant = 'acme' AND customer_id = $1")
                                        .execute(Tuple.of(customer))
                                        .await()
                                        .indefinitely()
                                        .rowCount()
                                == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLettersOf(customer) == 0);

        replay(from).then().statusCode(200).body("replayed", equalTo(0));
        while (downstream.nextMessage(Duration.ofMillis(200)) != null) {
            // drain what came before the erasure
        }
        assertThat(awaitFor(downstream)).isFalse();
    }

    @Test
    void anEventThatCameOverHttpIsReplayedThroughIntake() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        String event = SeedEvents.purchase(customer);
        String eventId = given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(event)
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"))
                .extract()
                .path("results[0].eventId");
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme." + customer + ".>"));
        nats.connection().flush(Duration.ofSeconds(2));

        // within the duplicate window the normalized event is recognized as the one already stored
        replay(from)
                .then()
                .statusCode(200)
                .body("replayed", equalTo(1))
                .body("duplicates", equalTo(1))
                .body("nextFrom", nullValue());
        Message replayed = downstream.nextMessage(Duration.ofSeconds(5));
        assertThat(replayed).isNotNull();
        assertThat(replayed.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("acme:" + eventId);

        // another tenant's replay does not see it
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"" + from + "\",\"customerId\":\"" + customer + "\"}")
                .post("/api/v1/events/replay")
                .then()
                .statusCode(200)
                .body("replayed", equalTo(0));

        // erased: skipped (its raw events were purged too)
        erase(customer);
        replay(from).then().statusCode(200).body("replayed", equalTo(0));
    }

    @Test
    void pagingAReplayVisitsEveryEventOfEverySubjectFormInStoredOrder() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        Subscription accepted = nats.connection().subscribe(nats.subject("profile.events.acme." + customer + ".>"));
        nats.connection().flush(Duration.ofSeconds(2));
        // stored interleaved: the default tenant's plain subject, the mapped subject, plain again, then HTTP
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add("page" + i + "_" + customer);
        }
        publish("customer.events." + customer + ".purchase", withEventId(SeedEvents.purchase(customer), ids.get(0)));
        publish(
                "tenant.acme.customer.events." + customer + ".purchase",
                withEventId(SeedEvents.purchase(customer), ids.get(1)));
        publish("customer.events." + customer + ".purchase", withEventId(SeedEvents.purchase(customer), ids.get(2)));
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(withEventId(SeedEvents.purchase(customer), ids.get(3)))
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        assertThat(eventIds(accepted, 4)).containsExactlyInAnyOrderElementsOf(ids);

        Subscription replayed = nats.connection().subscribe(nats.subject("profile.events.acme." + customer + ".>"));
        nats.connection().flush(Duration.ofSeconds(2));
        int pages = 0;
        for (Instant next = from; next != null; pages++) {
            assertThat(pages).as("pages").isLessThan(10);
            var report = replay(next, 1).then().statusCode(200).extract().jsonPath();
            assertThat(report.getInt("replayed")).isEqualTo(1);
            String nextFrom = report.getString("nextFrom");
            next = nextFrom == null ? null : Instant.parse(nextFrom);
        }
        assertThat(pages).isEqualTo(4);
        assertThat(eventIds(replayed, 4)).containsExactlyElementsOf(ids);
    }

    @Test
    void replayNeedsAValidRangeAndTheAdminRole() {
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/events/replay")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("from"));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"2025-01-02T00:00:00Z\",\"to\":\"2025-01-01T00:00:00Z\"}")
                .post("/api/v1/events/replay")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("to"));
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"yesterday\"}")
                .post("/api/v1/events/replay")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(token(ACME, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"2025-01-01T00:00:00Z\"}")
                .post("/api/v1/events/replay")
                .then()
                .statusCode(403);
    }

    private io.restassured.response.Response replay(Instant from) {
        return given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"" + from + "\",\"customerId\":\"" + customer + "\"}")
                .post("/api/v1/events/replay");
    }

    private io.restassured.response.Response replay(Instant from, int limit) {
        return given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"from\":\"" + from + "\",\"customerId\":\"" + customer + "\",\"limit\":" + limit + "}")
                .post("/api/v1/events/replay");
    }

    private void erase(String customerId) throws Exception {
        nats.jetStream()
                .publish(
                        nats.subject("customer.erased.acme." + customerId),
                        ("{\"tenant\":\"acme\",\"customerId\":\"" + customerId + "\",\"occurredAt\":\"" + Instant.now()
                                        + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        pool.preparedQuery("SELECT 1 FROM erased_customers WHERE tenant = 'acme' AND customer_id = $1")
                                        .execute(Tuple.of(customerId))
                                        .await()
                                        .indefinitely()
                                        .rowCount()
                                == 1);
    }

    private static String withEventId(String event, String eventId) {
        return event.replace("{\"customer_id\"", "{\"event_id\":\"" + eventId + "\",\"customer_id\"");
    }

    /** The event ids of the next {@code count} normalized events, in the order they were published. */
    private List<String> eventIds(Subscription subscription, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            Message message = subscription.nextMessage(Duration.ofSeconds(10));
            assertThat(message).as("normalized event " + ids.size()).isNotNull();
            ids.add(mapper.readTree(message.getData()).get("eventId").asText());
        }
        return ids;
    }

    private int deadLettersOf(String customerId) {
        return pool.preparedQuery("SELECT count(*) FROM dead_letters WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customerId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getInteger(0);
    }

    private boolean awaitFor(Subscription downstream) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Message message = downstream.nextMessage(Duration.ofMillis(200));
            if (message != null && new String(message.getData(), StandardCharsets.UTF_8).contains(customer)) {
                return true;
            }
        }
        return false;
    }

    private void publish(String subject, String body) throws Exception {
        nats.jetStream().publish(nats.subject(subject), body.getBytes(StandardCharsets.UTF_8));
    }
}
