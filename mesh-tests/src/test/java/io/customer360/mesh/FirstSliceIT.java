package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The first vertical slice across the four packaged services, real Keycloak tokens and a real NATS client:
 * a partner publishes the seed's purchase event and reads it back through aggregator-service.
 */
@Order(Mesh.SHARED)
class FirstSliceIT {

    /** The seed's purchase event, exactly as nats-event-ingestion.md prints it. */
    static final String SEED_PURCHASE = """
            {
              "customer_id": "cust_001",
              "event_type": "purchase",
              "timestamp": 1734134400,
              "source_service": "e-commerce-service",
              "data": {
                "purchase_id": "ord_12345",
                "product_name": "Wireless Headphones Pro",
                "product_sku": "WHP-2000",
                "quantity": 1,
                "price": 299.99,
                "total": 299.99,
                "warranty_expires": 1765670400,
                "customer_name": "John Smith",
                "email": "john.smith@example.com"
              },
              "metadata": {
                "session_id": "sess_abc123",
                "payment_method": "credit_card"
              }
            }""";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Mesh mesh;
    /** A partner of the default tenant (acme): plain customer.events.… subjects. */
    private static Connection nats;
    /** The operator (provisioning identity): reads the streams, as an operator inspecting them would. */
    private static Connection operator;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = Mesh.shared();
        nats = SecuredNats.connect("partner-default");
        operator = SecuredNats.connect(SecuredNats.OPERATOR);
    }

    @AfterAll
    static void closeConnections() throws Exception {
        if (nats != null) {
            nats.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void seedPurchaseTravelsFromNatsToThe360View() throws Exception {
        PublishAck ack = publish("customer.events.cust_001.purchase", SEED_PURCHASE);
        assertThat(ack.getStream()).isEqualTo("CUSTOMER_EVENTS");
        String admin = Keycloak.token("acme-admin");

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_001")
                        .then()
                        .statusCode(200)
                        .body("name", equalTo("John Smith"))
                        .body("email", equalTo("john.smith@example.com")));
        given().auth()
                .oauth2(admin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_001/timeline")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].eventType", equalTo("purchase"))
                .body("items[0].data.purchase_id", equalTo("ord_12345"));

        String viewer = Keycloak.token("acme-viewer");
        given().auth()
                .oauth2(viewer)
                .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_001")
                .then()
                .statusCode(200)
                .body("accountId", equalTo("cust_001"))
                .body("accountProfile.name", equalTo("John Smith"))
                .body("accountProfile.customerSince", equalTo("2024-12-14"));
        given().auth()
                .oauth2(viewer)
                .get(mesh.enrichment.baseUrl() + "/api/v1/enrichment/customers/cust_001")
                .then()
                .statusCode(200)
                .body("enriched", equalTo(false));
    }

    @Test
    void sameEventPublishedTwiceGivesOneTimelineRow() throws Exception {
        String event = SEED_PURCHASE.replace("cust_001", "cust_twice").replace("ord_12345", "ord_twice");
        publish("customer.events.cust_twice.purchase", event);
        String admin = Keycloak.token("acme-admin");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_twice/timeline")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(1)));

        publish("customer.events.cust_twice.purchase", event);
        // a later event of the same customer proves the duplicate had its chance to be applied
        publish("customer.events.cust_twice.contact", """
                {"customer_id":"cust_twice","event_type":"contact","timestamp":1734200000,"source_service":"crm","data":{}}""");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_twice/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventType", org.hamcrest.Matchers.contains("contact", "purchase")));
    }

    @Test
    void badEventsAreDeadLetteredWithAReasonAndGoodOnesStillArrive() throws Exception {
        publish(
                "customer.events.cust_bad.purchase",
                SEED_PURCHASE.replace("cust_001", "cust_bad").replace("\"event_type\": \"purchase\",", ""));
        publish("customer.events.nobody.contact", """
                {"event_type":"contact","timestamp":1734134400,"source_service":"anonymous-sender","data":{}}""");
        publish("customer.events.cust_good.contact", """
                {"customer_id":"cust_good","event_type":"contact","timestamp":1734134400,"source_service":"crm","data":{}}""");

        String admin = Keycloak.token("acme-admin");
        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> letters = given().auth()
                    .oauth2(admin)
                    .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items");
            assertThat(letters)
                    .extracting(letter -> letter.get("detail"))
                    .anySatisfy(detail -> assertThat((String) detail).contains("event_type"))
                    .anySatisfy(detail -> assertThat((String) detail).contains("customer_id"));
        });
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_good")
                        .then()
                        .statusCode(200));
        given().auth()
                .oauth2(admin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_bad")
                .then()
                .statusCode(404);
    }

    @Test
    void anotherTenantSeesNothingAndTheWrongRoleIsRefused() throws Exception {
        publish("customer.events.cust_private.contact", """
                {"customer_id":"cust_private","event_type":"contact","timestamp":1734134400,"source_service":"crm","data":{}}""");
        String acme = Keycloak.token("acme-viewer");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(acme)
                        .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_private")
                        .then()
                        .statusCode(200));

        String globex = Keycloak.token("globex-viewer");
        given().auth()
                .oauth2(globex)
                .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_private")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(globex)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_private")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(globex)
                .get(mesh.enrichment.baseUrl() + "/api/v1/enrichment/customers/cust_private")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(acme)
                .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_private")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void erasedCustomerIsGoneEverywhereAndAReplayDoesNotBringItBack() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(5);
        publish("customer.events.cust_forget.contact", """
                {"customer_id":"cust_forget","event_type":"contact","timestamp":1734134400,"source_service":"crm",
                 "data":{"email":"forget.me@example.com"}}""");
        String admin = Keycloak.token("acme-admin");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_forget")
                        .then()
                        .statusCode(200));

        given().auth()
                .oauth2(admin)
                .delete(mesh.profile.baseUrl() + "/api/v1/customers/cust_forget")
                .then()
                .statusCode(204);

        // ingest-service hears customer.erased, purges the raw events and keeps a tombstone
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .contentType("application/json")
                        .body("{\"from\":\"" + before + "\",\"customerId\":\"cust_forget\"}")
                        .post(mesh.ingest.baseUrl() + "/api/v1/events/replay")
                        .then()
                        .statusCode(200)
                        .body("replayed", equalTo(0)));
        Thread.sleep(1000);
        given().auth()
                .oauth2(admin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_forget")
                .then()
                .statusCode(404);
    }

    @Test
    void anEscalationRoutesTheAccountAndProfileServiceLearnsItsState() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        long day = 86_400;
        JetStreamSubscription triggerFeed = operator.jetStream()
                .subscribe(
                        "customer360.triggers.acme.cust_flow",
                        PushSubscribeOptions.builder().stream("CUSTOMER360")
                                .ordered(true)
                                .build());
        publish("customer.events.cust_flow.subscription_created", """
                {"customer_id":"cust_flow","event_type":"subscription_created","timestamp":%d,"source_service":"billing",
                 "data":{"subscription_id":"sub_1","plan":"Pro","arr":24000,"seats_total":20,"seats_used":12}}""".formatted(now - 100 * day));
        // usage, which the seed's minimum data asks for besides the account and support: 20 people active (usage 50,
        // the account 69 once escalated; until all have arrived a view may route it at_risk and fire other skills)
        for (int user = 1; user <= 20; user++) {
            publish("customer.events.cust_flow.session", """
                    {"customer_id":"cust_flow","event_type":"session","timestamp":%d,"source_service":"analytics",
                     "data":{"user_id":"u%d","duration_seconds":600}}""".formatted(now - 3 * day, user));
        }
        publish("customer.events.cust_flow.ticket_opened", """
                {"customer_id":"cust_flow","event_type":"ticket_opened","timestamp":%d,"source_service":"helpdesk",
                 "data":{"ticket_id":"TKT-77","priority":"urgent","title":"Checkout down"}}""".formatted(now - 2 * day));
        publish("customer.events.cust_flow.ticket_escalated", """
                {"customer_id":"cust_flow","event_type":"ticket_escalated","timestamp":%d,"source_service":"helpdesk",
                 "data":{"ticket_id":"TKT-77"}}""".formatted(now - day));
        String viewer = Keycloak.token("acme-viewer");

        // an open escalated P1 routes to escalation_required (docs/architecture.md), citing the escalation
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_flow")
                        .then()
                        .statusCode(200)
                        .body("exitState", equalTo("escalation_required"))
                        .body("supportSummary.activeEscalation.ticketId", equalTo("TKT-77"))
                        .body("supportSummary.activeEscalation.severity", equalTo("P1"))
                        .body("providers.enrichment.status", equalTo("ok")));
        // the aggregator publishes the state on customer360.state; profile-service copies it for its filters
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_flow")
                        .then()
                        .statusCode(200)
                        .body("health.exitState", equalTo("escalation_required")));
        given().auth()
                .oauth2(viewer)
                .queryParam("limit", 5)
                .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_flow/context")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Risk support_escalation"));

        // the P1 ticket triggers the escalation predictor as it arrives, and the routing's trigger for the same ticket
        // is the same cause: one message, listed in the view (usage runs adoption_score, a skill of its own)
        List<String> triggers = new ArrayList<>();
        for (Message m = triggerFeed.nextMessage(WAIT); m != null; m = triggerFeed.nextMessage(Duration.ofSeconds(3))) {
            triggers.add(new String(m.getData(), StandardCharsets.UTF_8));
        }
        assertThat(triggers)
                .filteredOn(t -> t.contains("\"skill\":\"support_ops/escalation_predictor\""))
                .singleElement()
                .asString()
                .contains(
                        "\"skill\":\"support_ops/escalation_predictor\"",
                        "\"dedupKey\":\"acme:cust_flow:support_ops/escalation_predictor:ticket:TKT-77:P1\"");
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_flow")
                        .then()
                        .statusCode(200)
                        .body("recentTriggers.skill", hasItem("support_ops/escalation_predictor")));
    }

    private static PublishAck publish(String subject, String body) throws Exception {
        JetStream js = nats.jetStream();
        return js.publish(subject, body.getBytes(StandardCharsets.UTF_8));
    }
}
