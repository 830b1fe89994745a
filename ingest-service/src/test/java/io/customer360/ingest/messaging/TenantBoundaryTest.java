package io.customer360.ingest.messaging;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.SeedEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * NATS is a trust boundary (issue 17): ids are per tenant on every hop, HTTP events are retained raw, erasure purges
 * them, and an erasure message is believed only for the tenant and customer of its subject.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TenantBoundaryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ERASURES = Topology.INGEST_ERASURES.durable();

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theSameEventIdInTwoTenantsOverHttpIsTwoEvents() throws Exception {
        String id = "shared-" + run;
        String acmeCustomer = "a_" + run;
        String globexCustomer = "g_" + run;
        String acmeEvent = withEventId(SeedEvents.purchase(acmeCustomer), id);
        String globexEvent = withEventId(SeedEvents.purchase(globexCustomer), id);

        post(ACME, acmeEvent)
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].eventId", equalTo(id));
        post(GLOBEX, globexEvent)
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"))
                .body("results[0].eventId", equalTo(id));

        // both stored in PROFILE_EVENTS, each under its tenant and customer, the message id qualified by the tenant
        MessageInfo acme = last(Topology.PROFILE_EVENTS, "profile.events.acme." + acmeCustomer + ".purchase");
        MessageInfo globex = last(Topology.PROFILE_EVENTS, "profile.events.globex." + globexCustomer + ".purchase");
        assertThat(acme.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("acme:" + id);
        assertThat(globex.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("globex:" + id);
        assertThat(mapper.readTree(acme.getData()).get("eventId").asText()).isEqualTo(id);
        assertThat(mapper.readTree(globex.getData()).get("eventId").asText()).isEqualTo(id);
        assertThat(mapper.readTree(globex.getData()).get("tenant").asText()).isEqualTo(GLOBEX);

        // and both retained raw, the bytes as posted
        MessageInfo acmeRaw = last(Topology.HTTP_EVENTS, "intake.http.acme." + acmeCustomer + ".purchase");
        MessageInfo globexRaw = last(Topology.HTTP_EVENTS, "intake.http.globex." + globexCustomer + ".purchase");
        assertThat(new String(acmeRaw.getData(), StandardCharsets.UTF_8)).isEqualTo(acmeEvent);
        assertThat(new String(globexRaw.getData(), StandardCharsets.UTF_8)).isEqualTo(globexEvent);
        assertThat(acmeRaw.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("acme:" + id);
        assertThat(globexRaw.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("globex:" + id);
        assertThat(globexRaw.getHeaders().getFirst("C360-Origin")).isEqualTo("http");

        // the same tenant posting the id again is still a duplicate, and nothing more is stored
        post(GLOBEX, globexEvent).then().statusCode(200).body("results[0].status", equalTo("duplicate"));
        assertThat(last(Topology.PROFILE_EVENTS, "profile.events.globex." + globexCustomer + ".purchase")
                        .getSeq())
                .isEqualTo(globex.getSeq());
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.globex." + globexCustomer + ".purchase")
                        .getSeq())
                .isEqualTo(globexRaw.getSeq());
    }

    @Test
    void anEmailOnlyHttpEventIsRetainedUnderItsEmailToken() throws Exception {
        String email = "Mail_" + run + "@Example.com";
        String event = """
                {"event_type":"contact","timestamp":1734393600,"source_service":"crm","data":{"email":"%s"}}""".formatted(email);

        post(ACME, event).then().statusCode(200).body("results[0].status", equalTo("accepted"));

        String token = CustomerTokens.ofEmail(email);
        assertThat(new String(
                        last(Topology.HTTP_EVENTS, "intake.http.acme." + token + ".contact")
                                .getData(),
                        StandardCharsets.UTF_8))
                .isEqualTo(event);
        assertThat(mapper.readTree(last(Topology.PROFILE_EVENTS, "profile.events.acme." + token + ".contact")
                                .getData())
                        .get("email")
                        .asText())
                .isEqualTo(email);
    }

    @Test
    void theSameNatsMsgIdOnTheDefaultTenantsAndAnotherTenantsSubjectIsTwoEvents() throws Exception {
        String msgId = "partner-" + run;
        String acmeCustomer = "na_" + run;
        String globexCustomer = "ng_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.*.*.purchase"));
        nats.connection().flush(Duration.ofSeconds(2));

        publish("customer.events." + acmeCustomer + ".purchase", SeedEvents.purchase(acmeCustomer), msgId);
        // at once: each tenant's partners publish into a stream of their own, so JetStream's dedup never crosses
        // tenants
        publish(
                "tenant.globex.customer.events." + globexCustomer + ".purchase",
                SeedEvents.purchase(globexCustomer),
                msgId);

        Map<String, JsonNode> forwarded = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (forwarded.size() < 2 && System.nanoTime() < deadline) {
            Message message = downstream.nextMessage(Duration.ofMillis(500));
            if (message != null) {
                JsonNode event = mapper.readTree(message.getData());
                String customer = event.path("customerId").asText();
                if (customer.equals(acmeCustomer) || customer.equals(globexCustomer)) {
                    forwarded.put(customer, event);
                }
            }
        }
        assertThat(forwarded).containsOnlyKeys(acmeCustomer, globexCustomer);
        assertThat(forwarded.get(acmeCustomer).get("tenant").asText()).isEqualTo(ACME);
        assertThat(forwarded.get(globexCustomer).get("tenant").asText()).isEqualTo(GLOBEX);
        assertThat(forwarded.values())
                .allSatisfy(event -> assertThat(event.get("eventId").asText()).isEqualTo(msgId));
        // both stored downstream
        assertThat(last(Topology.PROFILE_EVENTS, "profile.events.acme." + acmeCustomer + ".purchase")
                        .getHeaders()
                        .getFirst("Nats-Msg-Id"))
                .isEqualTo("acme:" + msgId);
        assertThat(last(Topology.PROFILE_EVENTS, "profile.events.globex." + globexCustomer + ".purchase")
                        .getHeaders()
                        .getFirst("Nats-Msg-Id"))
                .isEqualTo("globex:" + msgId);
    }

    @Test
    void erasurePurgesTheCustomersRetainedHttpEvents() throws Exception {
        String customer = "erase_http_" + run;
        String other = "keep_http_" + run;
        post(ACME, SeedEvents.purchase(customer)).then().statusCode(200).body("results[0].status", equalTo("accepted"));
        post(ACME, SeedEvents.purchase(other)).then().statusCode(200).body("results[0].status", equalTo("accepted"));
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.acme." + customer + ".>"))
                .isNotNull();

        erase("customer.erased.acme." + customer, ACME, customer);
        await().atMost(WAIT).until(() -> isErased(ACME, customer));

        await().atMost(WAIT)
                .untilAsserted(() -> assertThatThrownBy(
                                () -> last(Topology.HTTP_EVENTS, "intake.http.acme." + customer + ".>"))
                        .isInstanceOf(JetStreamApiException.class));
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.acme." + other + ".>"))
                .isNotNull();
    }

    @Test
    void erasurePurgesEventsKeptUnderTheCustomersOtherTokensAndRefusesAWildcardToken() throws Exception {
        String customer = "erase_tokens_" + run;
        String email = "Erase_" + run + "@Example.com";
        String emailOnly = """
                {"event_type":"contact","timestamp":1734393600,"source_service":"crm","data":{"email":"%s"}}""".formatted(email);
        post(ACME, emailOnly).then().statusCode(200).body("results[0].status", equalTo("accepted"));
        String token = CustomerTokens.ofEmail(email);
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.acme." + token + ".>"))
                .isNotNull();

        // a token that is a wildcard would purge every customer: the whole erasure is refused
        double refusedBefore = refused("invalid_id");
        erase(
                "customer.erased.acme." + customer,
                "{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\",\"subjectTokens\":[\"" + token
                        + "\",\"*\"]}");
        await().atMost(WAIT).until(() -> refused("invalid_id") >= refusedBefore + 1);
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.acme." + token + ".>"))
                .isNotNull();

        // profile-service names the customer's tokens (its email's among them) in the erasure
        erase(
                "customer.erased.acme." + customer,
                "{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\",\"subjectTokens\":[\"" + customer + "\",\""
                        + token + "\"]}");
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThatThrownBy(() -> last(Topology.HTTP_EVENTS, "intake.http.acme." + token + ".>"))
                                .isInstanceOf(JetStreamApiException.class));
    }

    @Test
    void aForgedErasureNamingAnotherTenantErasesNothing() throws Exception {
        String customer = "victim_" + run;
        deadLetter(GLOBEX, customer);
        deadLetter(ACME, customer);
        await().atMost(WAIT).until(() -> deadLetters(GLOBEX, customer) == 1 && deadLetters(ACME, customer) == 1);
        double refusedBefore = refused("tenant_mismatch");

        // an acme subject whose body names globex (as the issue reproduced), and one whose body names another customer
        erase("customer.erased.acme." + customer, GLOBEX, customer);
        erase("customer.erased.acme." + customer, ACME, "someone_else_" + run);

        await().atMost(WAIT).until(() -> refused("tenant_mismatch") >= refusedBefore + 2);
        assertThat(deadLetters(GLOBEX, customer)).isEqualTo(1);
        assertThat(deadLetters(ACME, customer)).isEqualTo(1);
        assertThat(isErased(GLOBEX, customer)).isFalse();
        assertThat(isErased(ACME, customer)).isFalse();
    }

    @Test
    void anErasureOfAWildcardOrInvalidCustomerIdIsRefused() throws Exception {
        String customer = "wild_" + run;
        deadLetter(ACME, customer);
        await().atMost(WAIT).until(() -> deadLetters(ACME, customer) == 1);
        post(ACME, SeedEvents.purchase(customer)).then().statusCode(200);
        double refusedBefore = refused("invalid_subject");

        // this NATS stores a publish on a wildcard subject as it is: a purge by it would reach every customer
        erase("customer.erased.acme.*", ACME, null);
        erase("customer.erased.acme.>", ACME, null);
        erase("customer.erased.acme." + "x".repeat(129), ACME, null);
        erase("customer.erased.acme", ACME, customer);

        await().atMost(WAIT).until(() -> refused("invalid_subject") >= refusedBefore + 4);
        assertThat(deadLetters(ACME, customer)).isEqualTo(1);
        assertThat(last(Topology.HTTP_EVENTS, "intake.http.acme." + customer + ".>"))
                .isNotNull();
        assertThat(pool.preparedQuery("SELECT count(*) FROM erased_customers WHERE customer_id IN ('*', '>')")
                        .execute()
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getInteger(0))
                .isZero();
    }

    private static String withEventId(String event, String eventId) {
        return event.replace("{\"customer_id\"", "{\"event_id\":\"" + eventId + "\",\"customer_id\"");
    }

    private static io.restassured.response.Response post(String tenant, String body) {
        return given().auth()
                .oauth2(token(tenant, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events");
    }

    /** A dead letter of the tenant naming the customer: its event lacks a timestamp. */
    private void deadLetter(String tenant, String customer) {
        post(tenant, SeedEvents.purchase(customer).replace("\"timestamp\":1734134400,", ""))
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("rejected"));
    }

    private void publish(String contractSubject, String body, String msgId) throws Exception {
        nats.jetStream()
                .publish(
                        nats.subject(contractSubject),
                        body.getBytes(StandardCharsets.UTF_8),
                        PublishOptions.builder().messageId(msgId).build());
    }

    private void erase(String contractSubject, String tenant, String customerId) throws Exception {
        String body =
                "{\"tenant\":\"" + tenant + "\"," + (customerId == null ? "" : "\"customerId\":\"" + customerId + "\",")
                        + "\"occurredAt\":\"" + Instant.now() + "\"}";
        nats.jetStream().publish(nats.subject(contractSubject), body.getBytes(StandardCharsets.UTF_8));
    }

    private void erase(String contractSubject, String body) throws Exception {
        nats.jetStream().publish(nats.subject(contractSubject), body.getBytes(StandardCharsets.UTF_8));
    }

    private MessageInfo last(String stream, String contractSubject) throws Exception {
        return nats.management().getLastMessage(nats.name(stream), nats.subject(contractSubject));
    }

    private int deadLetters(String tenant, String customer) {
        return pool.preparedQuery("SELECT count(*) FROM dead_letters WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customer))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getInteger(0);
    }

    private boolean isErased(String tenant, String customer) {
        return pool.preparedQuery("SELECT 1 FROM erased_customers WHERE tenant = $1 AND customer_id = $2")
                        .execute(Tuple.of(tenant, customer))
                        .await()
                        .indefinitely()
                        .rowCount()
                == 1;
    }

    private double refused(String reason) {
        Counter counter = metrics.find("c360.nats.messages.refused")
                .tags("consumer", ERASURES, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
