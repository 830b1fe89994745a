package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.customer360.profile.ProfileEvents.seedPurchase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Normalized events become profiles, timeline rows and purchases: once, in any order, announced on profile.changed. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ProfileEventConsumerTest {

    private static final String PREFIX = "test.profile.";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @Inject
    EventApplier applier;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void seedPurchaseCreatesCustomerTimelineAndPurchase() {
        String customer = "cust_" + run;
        publish(nats, PREFIX, seedPurchase(ACME, "ev1_" + run, customer), "ev1_" + run);

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer)
                        .then()
                        .statusCode(200)
                        .body("name", equalTo("John Smith"))
                        .body("email", equalTo("john.smith@example.com"))
                        .body("customerSince", equalTo("2024-12-14T00:00:00Z"))
                        .body("lifetimeValue", equalTo(299.99f)));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/timeline")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].eventType", equalTo("purchase"))
                .body("items[0].title", equalTo("Purchased Wireless Headphones Pro"))
                .body("items[0].data.product_sku", equalTo("WHP-2000"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/purchases")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].productName", equalTo("Wireless Headphones Pro"))
                .body("items[0].warrantyExpires", equalTo("2025-12-14T00:00:00Z"));
    }

    @Test
    void sameEventDeliveredTwiceGivesOneTimelineRowAndOneLifetimeValue() {
        String customer = "dup_" + run;
        Map<String, Object> purchase = seedPurchase(ACME, "dup1_" + run, customer);
        // different message ids defeat the stream's duplicate window: profile-service itself must be idempotent
        publish(nats, PREFIX, purchase, "copy-a-" + run);
        publish(nats, PREFIX, purchase, "copy-b-" + run);
        publish(
                nats,
                PREFIX,
                event(ACME, "marker_" + run, customer, null, "contact", 1734300000L, Map.of("title", "done")),
                "marker_" + run);

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(2)));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .body("lifetimeValue", equalTo(299.99f));
    }

    @Test
    void olderEventNeverOverwritesNewerIdentity() {
        String customer = "order_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "new_" + run, customer, null, "profile_update", 1734300000L, Map.of("name", "Jane Newer")),
                "new_" + run);
        awaitTimelineSize(customer, 1);
        publish(
                nats,
                PREFIX,
                event(
                        ACME,
                        "old_" + run,
                        customer,
                        null,
                        "profile_update",
                        1734100000L,
                        Map.of("name", "Jane Older", "phone", "+1 555 0100")),
                "old_" + run);
        awaitTimelineSize(customer, 2);

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200)
                .body("name", equalTo("Jane Newer"))
                // the older event still fills a field nobody set
                .body("phone", equalTo("+1 555 0100"))
                .body("customerSince", equalTo("2024-12-13T14:26:40Z"));
    }

    @Test
    void emailOnlyEventsOfOneNewCustomerLandOnOneProfile() {
        String email = "mail_" + run + "@example.com";
        publish(nats, PREFIX, event(ACME, "m1_" + run, null, email, "contact", 1734100000L, Map.of()), "m1_" + run);
        publish(nats, PREFIX, event(ACME, "m2_" + run, null, email, "contact", 1734200000L, Map.of()), "m2_" + run);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(pool.preparedQuery("""
                        SELECT count(DISTINCT customer_id) AS customers, count(*) AS events FROM timeline_events
                        WHERE tenant = $1 AND event_id IN ($2, $3)""")
                                .execute(Tuple.of(ACME, "m1_" + run, "m2_" + run))
                                .await()
                                .indefinitely())
                        .extracting(row -> row.getLong("customers") + "/" + row.getLong("events"))
                        .containsExactly("1/2"));
    }

    @Test
    void appliedEventIsAnnouncedOnProfileChanged() throws Exception {
        String customer = "chg_" + run;
        Subscription changes = nats.connection().subscribe(PREFIX + "profile.changed." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        publish(nats, PREFIX, seedPurchase(ACME, "chg1_" + run, customer), "chg1_" + run);

        Message message = changes.nextMessage(WAIT);
        assertThat(message).isNotNull();
        JsonNode changed = mapper.readTree(message.getData());
        assertThat(changed.get("tenant").asText()).isEqualTo(ACME);
        assertThat(changed.get("customerId").asText()).isEqualTo(customer);
        assertThat(changed.get("sections"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("profile", "timeline", "purchases");
        assertThat(changed.at("/identity/domain").asText()).isEqualTo("example.com");
        assertThat(changed.get("eventIds")).extracting(JsonNode::asText).containsExactly("chg1_" + run);
    }

    @Test
    void eventsOfOneCustomerInOneBatchAreAnnouncedOnceWithAllTheirIdsAndSections() throws Exception {
        String customer = "batch_" + run;
        Subscription changes = nats.connection().subscribe(PREFIX + "profile.changed." + ACME + "." + customer);
        nats.connection().flush(Duration.ofSeconds(2));

        applier.apply(List.of(
                        Fixtures.normalized(
                                ACME,
                                "b1_" + run,
                                customer,
                                null,
                                "ticket_opened",
                                Instant.now(),
                                Map.of("ticket_id", "T1", "priority", "urgent")),
                        Fixtures.normalized(
                                ACME,
                                "b2_" + run,
                                customer,
                                null,
                                "invoice_paid",
                                Instant.now(),
                                Map.of("invoice_id", "I1"))))
                .await()
                .atMost(WAIT);

        JsonNode changed = mapper.readTree(changes.nextMessage(WAIT).getData());
        assertThat(changed.get("eventIds")).extracting(JsonNode::asText).containsExactly("b1_" + run, "b2_" + run);
        assertThat(changed.get("sections"))
                .extracting(JsonNode::asText)
                .containsExactly("subscription", "support", "timeline");
        // what each event was, so consumers (skill triggers, insight outcomes) need not call back
        assertThat(changed.get("changes"))
                .extracting(c ->
                        c.get("eventId").asText() + " " + c.get("eventType").asText() + " "
                                + c.at("/records/0/kind").asText() + "/"
                                + c.at("/records/0/id").asText() + " "
                                + c.get("priority").asText())
                .containsExactly(
                        "b1_" + run + " ticket_opened ticket/T1 P1", "b2_" + run + " invoice_paid invoice/I1 null");
        assertThat(changes.nextMessage(Duration.ofMillis(500))).isNull();
    }

    @Test
    void eventThatCannotBeStoredIsParkedNotLostNorRetriedForever() {
        String customer = "bad_" + run;
        // PostgreSQL jsonb cannot hold \u0000: the insert fails on every delivery
        publish(
                nats,
                PREFIX,
                event(ACME, "nul_" + run, customer, null, "note", 1734100000L, Map.of("content", "a\u0000b")),
                "nul_" + run);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pool.preparedQuery(
                                        "SELECT deliveries FROM parked_events WHERE tenant = $1 AND event_id = $2")
                                .execute(Tuple.of(ACME, "nul_" + run))
                                .await()
                                .indefinitely())
                        .extracting(row -> row.getInteger("deliveries"))
                        .containsExactly(2));
    }

    private void awaitTimelineSize(String customer, int size) {
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(size)));
    }
}
