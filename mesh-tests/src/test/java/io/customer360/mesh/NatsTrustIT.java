package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * NATS as a trust boundary (issue 17), against the mesh's own nats-server with the accounts of k8s/ and the real
 * credentials: partners of each tenant in accounts of their own, each service as its own least-privileged user.
 */
@Order(Mesh.SHARED)
class NatsTrustIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static Mesh mesh;
    private static Connection acmePartner;
    private static Connection globexPartner;
    private static Connection operator;

    @BeforeAll
    static void startMesh() throws Exception {
        mesh = Mesh.shared();
        acmePartner = SecuredNats.connect("partner-acme");
        globexPartner = SecuredNats.connect("partner-globex");
        operator = SecuredNats.connect(SecuredNats.OPERATOR);
    }

    @AfterAll
    static void closeConnections() throws Exception {
        for (Connection connection : new Connection[] {acmePartner, globexPartner, operator}) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Test
    void theSameEventIdInTwoTenantsIsTwoEventsOverHttpAndNats() throws Exception {
        String acme = Keycloak.token("acme-admin");
        String globex = Keycloak.token("globex-admin");
        for (String token : List.of(acme, globex)) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(event("shared-http-1", "cust_shared_http", "contact", "{\"name\":\"Ann\"}"))
                    .post(mesh.ingest.baseUrl() + "/api/v1/events")
                    .then()
                    .statusCode(200)
                    .body("results[0].status", equalTo("accepted"));
        }
        // over NATS, the same event_id and the same Nats-Msg-Id from two tenants' partners
        for (Connection partner : List.of(acmePartner, globexPartner)) {
            io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers().add("Nats-Msg-Id", "shared-nats-1");
            partner.jetStream()
                    .publish(
                            "customer.events.cust_shared_nats.contact",
                            headers,
                            event("shared-nats-1", "cust_shared_nats", "contact", "{\"name\":\"Bo\"}")
                                    .getBytes(StandardCharsets.UTF_8));
        }
        for (String token : List.of(acme, globex)) {
            for (String customer : List.of("cust_shared_http", "cust_shared_nats")) {
                await().atMost(WAIT)
                        .untilAsserted(() -> given().auth()
                                .oauth2(token)
                                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + customer + "/timeline")
                                .then()
                                .statusCode(200)
                                .body(
                                        "items.eventId",
                                        hasItem(customer.endsWith("http") ? "shared-http-1" : "shared-nats-1")));
            }
        }
    }

    @Test
    void forgedMessagesNamingAnotherTenantChangeNothing() throws Exception {
        String globexAdmin = Keycloak.token("globex-admin");
        // a globex customer with a dead letter (a bad event) and a profile
        globexPartner
                .jetStream()
                .publish(
                        "customer.events.cust_victim.contact",
                        event("victim-1", "cust_victim", "contact", "{\"name\":\"Vic\"}")
                                .getBytes(StandardCharsets.UTF_8));
        globexPartner
                .jetStream()
                .publish(
                        "customer.events.cust_victim.purchase",
                        "{\"customer_id\":\"cust_victim\",\"event_type\":\"purchase\"}"
                                .getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> {
            given().auth()
                    .oauth2(globexAdmin)
                    .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_victim")
                    .then()
                    .statusCode(200);
            given().auth()
                    .oauth2(globexAdmin)
                    .queryParam("limit", 100)
                    .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                    .then()
                    .statusCode(200)
                    .body("items.subject", hasItem("tenant.globex.customer.events.cust_victim.purchase"));
        });

        // each forgery comes from the one service identity allowed to publish on that subject, on acme's subject, with
        // a
        // body naming the globex customer (or a wildcard)
        try (Connection profile = SecuredNats.connect("profile-service");
                Connection aggregator = SecuredNats.connect("aggregator-service")) {
            publish(profile, "customer.erased.acme.cust_victim", """
                    {"tenant":"globex","customerId":"cust_victim","occurredAt":"2026-12-06T00:00:00Z"}""");
            publish(profile, "customer.erased.acme.cust_forged", """
                    {"tenant":"acme","customerId":"*","occurredAt":"2026-12-06T00:00:00Z"}""");
            publish(aggregator, "customer360.state.acme.cust_victim", """
                    {"tenant":"globex","customerId":"cust_victim","exitState":"churn_risk","previousExitState":null,
                     "healthScore":3,"healthBand":"critical","occurredAt":"2027-01-01T00:00:00Z"}""");
            publish(profile, "profile.changed.acme.cust_victim", """
                    {"tenant":"globex","customerId":"cust_victim","sections":["support"],
                     "identity":{"name":"Vic","email":null,"company":null,"domain":null},"eventIds":["forged-1"],
                     "occurredAt":"2026-12-06T00:00:00Z",
                     "changes":[{"eventId":"forged-1","eventType":"ticket_opened","occurredAt":"2026-12-06T00:00:00Z",
                                 "sourceService":"helpdesk","records":[{"kind":"ticket","id":"TKT-X"}],"priority":"P1"}]}""");
        }
        Thread.sleep(QUIET.toMillis());

        given().auth()
                .oauth2(globexAdmin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_victim")
                .then()
                .statusCode(200)
                .body("health.exitState", not(equalTo("churn_risk")));
        given().auth()
                .oauth2(globexAdmin)
                .queryParam("limit", 100)
                .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .body("items.subject", hasItem("tenant.globex.customer.events.cust_victim.purchase"));
        assertThat(messages("CUSTOMER360", "customer360.triggers.*.cust_victim"))
                .as("no trigger fired by a forged change")
                .noneMatch(message ->
                        new String(message.getData(), StandardCharsets.UTF_8).contains("escalation_predictor"));
    }

    @Test
    void partnersPublishTheirEventsAndNothingElse() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection partner = Nats.connect(SecuredNats.options("partner-acme")
                .errorListener(recording(errors))
                .build())) {
            for (String subject : List.of(
                    "customer.events.>",
                    "tenant.>",
                    "profile.events.>",
                    "profile.changed.>",
                    "customer360.triggers.>",
                    "$JS.API.>",
                    ">")) {
                partner.subscribe(subject);
            }
            for (String subject : List.of(
                    "profile.events.acme.cust_x.purchase",
                    "customer.erased.acme.cust_x",
                    "customer360.state.acme.cust_x",
                    "$JS.API.STREAM.INFO.CUSTOMER_EVENTS",
                    "tenant.globex.customer.events.c.x")) {
                partner.publish(subject, "{}".getBytes(StandardCharsets.UTF_8));
            }
            partner.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(errors).hasSize(12));
            assertThat(errors).allMatch(error -> error.contains("Permissions Violation"));
        }
        // its own inbox (JetStream acks come back there) is inside its own account: another tenant's replies never
        // reach it
        Subscription inboxes = acmePartner.subscribe("_INBOX.>");
        acmePartner.flush(Duration.ofSeconds(2));
        globexPartner
                .jetStream()
                .publish(
                        "customer.events.cust_inbox.contact",
                        event("inbox-1", "cust_inbox", "contact", "{}").getBytes(StandardCharsets.UTF_8));
        assertThat(inboxes.nextMessage(QUIET)).as("another tenant's reply").isNull();
        inboxes.unsubscribe();
        // and no stream is readable through the JetStream API of a partner's account
        assertThatThrownBy(() -> acmePartner.jetStreamManagement().getStreamNames())
                .isInstanceOf(IOException.class);
    }

    @Test
    void servicesMayNotActAsPartnersOrReadWhatTheyDoNotConsume() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection ingest = Nats.connect(SecuredNats.options("ingest-service")
                .errorListener(recording(errors))
                .build())) {
            ingest.subscribe("profile.changed.>");
            ingest.subscribe("_INBOX.>");
            ingest.publish("customer.events.cust_x.purchase", "{}".getBytes(StandardCharsets.UTF_8));
            ingest.publish("customer360.triggers.acme.cust_x", "{}".getBytes(StandardCharsets.UTF_8));
            ingest.publish("$JS.API.STREAM.DELETE.PROFILE_EVENTS", new byte[0]);
            ingest.flush(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(errors).hasSize(5));
            assertThat(errors).allMatch(error -> error.contains("Permissions Violation"));
        }
        JetStreamManagement streams = operator.jetStreamManagement();
        assertThat(streams.getStreamNames()).contains("PROFILE_EVENTS");
    }

    @Test
    void noCredentialsNoConnection() {
        assertThatThrownBy(() -> Nats.connect(Options.builder()
                        .server(SecuredNats.url())
                        .noReconnect()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .build()))
                .hasMessageContaining("Authorization Violation");
        assertThatThrownBy(() -> Nats.connect(Options.builder()
                        .server(SecuredNats.url())
                        .noReconnect()
                        .userInfo("partner-acme", "wrong")
                        .connectionTimeout(Duration.ofSeconds(3))
                        .build()))
                .hasMessageContaining("Authorization Violation");
    }

    @Test
    void anErasedCustomerIsGoneFromEveryStream() throws Exception {
        String admin = Keycloak.token("acme-admin");
        String email = "erase.me@forget.example";
        long now = Instant.now().getEpochSecond();
        acmePartner
                .jetStream()
                .publish(
                        "customer.events.cust_erase.profile_update",
                        event(
                                        "erase-1",
                                        "cust_erase",
                                        "profile_update",
                                        "{\"name\":\"Erin Forget\",\"email\":\"" + email + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
        acmePartner.jetStream().publish("customer.events.cust_erase.subscription_created", """
                {"event_id":"erase-3","customer_id":"cust_erase","event_type":"subscription_created","timestamp":%d,
                 "source_service":"billing","data":{"subscription_id":"sub_e","plan":"Pro","arr":12000,"seats_total":10,
                 "seats_used":8}}""".formatted(now - 86_400)
                .getBytes(StandardCharsets.UTF_8));
        // usage: with the account and support, the seed's minimum data, without which no state is published
        acmePartner.jetStream().publish("customer.events.cust_erase.feature_used", """
                {"event_id":"erase-4","customer_id":"cust_erase","event_type":"feature_used","timestamp":%d,
                 "source_service":"analytics","data":{"feature":"reports","user_id":"u1","count":1}}""".formatted(now - 86_400)
                .getBytes(StandardCharsets.UTF_8));
        // once the email is the customer's (an email-only event that came first would create a profile of its own)
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_erase/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", hasItem("erase-1")));
        // email-only, over HTTP: found by email, so its normalized event carries no customer id
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("""
                {"event_id":"erase-2","event_type":"ticket_opened","timestamp":%d,"source_service":"helpdesk",
                 "data":{"customer_email":"%s","ticket_id":"TKT-E","priority":"urgent","title":"Erin's ticket"}}""".formatted(now, email))
                .post(mesh.ingest.baseUrl() + "/api/v1/events")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_erase/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", hasItem("erase-2")));
        // a complete 360 view records the customer's state on CUSTOMER360 (the first, with cold providers, may be
        // partial)
        await().atMost(WAIT).until(() -> {
            given().auth()
                    .oauth2(admin)
                    .get(mesh.aggregator.baseUrl() + "/api/v1/customer-360/cust_erase")
                    .then()
                    .statusCode(200);
            return !messages("CUSTOMER360", "customer360.state.acme.cust_erase").isEmpty();
        });

        given().auth()
                .oauth2(admin)
                .delete(mesh.profile.baseUrl() + "/api/v1/customers/cust_erase")
                .then()
                .statusCode(204);

        await().atMost(WAIT).untilAsserted(() -> {
            List<String> left = new ArrayList<>();
            for (String stream : operator.jetStreamManagement().getStreamNames()) {
                for (Message message : messages(stream, ">")) {
                    String body = new String(message.getData(), StandardCharsets.UTF_8);
                    if (message.getSubject().contains("cust_erase")
                            || body.contains("cust_erase")
                            || body.contains(email)) {
                        left.add(stream + " " + message.getSubject());
                    }
                }
            }
            assertThat(left)
                    .as("messages about the erased customer")
                    .containsExactly("PROFILE_CHANGES customer.erased.acme.cust_erase");
        });
    }

    private static String event(String eventId, String customerId, String type, String data) {
        return """
                {"event_id":"%s","customer_id":"%s","event_type":"%s","timestamp":%d,"source_service":"crm","data":%s,"metadata":{}}""".formatted(eventId, customerId, type, Instant.now().getEpochSecond(), data);
    }

    private static void publish(Connection service, String subject, String body) throws Exception {
        service.jetStream().publish(subject, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every message of a stream on the subject, read by the operator. */
    private static List<Message> messages(String stream, String subject)
            throws IOException, JetStreamApiException, InterruptedException {
        JetStreamSubscription subscription = operator.jetStream()
                .subscribe(
                        subject,
                        PushSubscribeOptions.builder().stream(stream)
                                .ordered(true)
                                .configuration(ConsumerConfiguration.builder()
                                        .deliverPolicy(DeliverPolicy.All)
                                        .build())
                                .build());
        try {
            List<Message> messages = new ArrayList<>();
            for (Message message = subscription.nextMessage(Duration.ofSeconds(1));
                    message != null;
                    message = subscription.nextMessage(Duration.ofMillis(300))) {
                messages.add(message);
            }
            return messages;
        } finally {
            subscription.unsubscribe();
        }
    }

    private static ErrorListener recording(List<String> errors) {
        return new ErrorListener() {
            @Override
            public void errorOccurred(Connection connection, String error) {
                errors.add(error);
            }
        };
    }
}
