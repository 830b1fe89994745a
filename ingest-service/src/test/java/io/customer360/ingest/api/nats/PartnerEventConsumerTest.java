package io.customer360.ingest.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.CustomerTokens;
import io.customer360.common.nats.NatsClient;
import io.customer360.ingest.SeedEvents;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.StreamInfoOptions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Partner events over NATS: forwarded normalized, deduplicated, or dead-lettered with a reason. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class PartnerEventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static String seedPurchase(String customerId) {
        return SeedEvents.purchase(customerId);
    }

    @Test
    void everySeedEventTypeIsForwarded() throws Exception {
        String customer = "all_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        Map<String, String> events = SeedEvents.allTypes(customer);

        events.forEach((type, event) -> publish("customer.events." + customer + "." + type, event));

        java.util.Set<String> forwarded = new java.util.HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            forwarded.add(nextFor(downstream, customer).get("eventType").asText());
        }
        assertThat(forwarded).containsExactlyInAnyOrderElementsOf(events.keySet());
    }

    @Test
    void natsMsgIdMakesARepublishADuplicate() throws Exception {
        String customer = "msgid_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme.*.contact"));
        nats.connection().flush(Duration.ofSeconds(2));
        String first = SeedEvents.allTypes(customer).get("contact");
        // same Nats-Msg-Id, different content (a retried publish with a fresh timestamp): one event
        String retried = first.replace("1734393600", "1734393601");

        publishWithMsgId("customer.events." + customer + ".contact", first, "partner-" + run);
        String id = nextFor(downstream, customer).get("eventId").asText();
        publishWithMsgId("customer.events." + customer + ".contact", retried, "partner-" + run);

        assertThat(id).isEqualTo("partner-" + run);
    }

    @Test
    void seedPurchaseIsForwardedNormalizedToProfileEvents() throws Exception {
        String customer = "cust_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.acme.*.purchase"));
        nats.connection().flush(Duration.ofSeconds(2));

        publish("customer.events." + customer + ".purchase", seedPurchase(customer));

        JsonNode normalized = nextFor(downstream, customer);
        assertThat(normalized.get("tenant").asText()).isEqualTo(ACME);
        assertThat(normalized.get("eventType").asText()).isEqualTo("purchase");
        assertThat(normalized.get("occurredAt").asText()).isEqualTo("2024-12-14T00:00:00Z");
        assertThat(normalized.get("sourceService").asText()).isEqualTo("e-commerce-service");
        assertThat(normalized.get("email").asText()).isEqualTo("john.smith@example.com");
        assertThat(normalized.get("eventId").asText()).startsWith("evt_");
        assertThat(normalized.at("/data/product_name").asText()).isEqualTo("Wireless Headphones Pro");
        assertThat(normalized.at("/metadata/session_id").asText()).isEqualTo("sess_abc123");
        assertThat(normalized.get("receivedAt").isNull()).isFalse();
    }

    @Test
    void theSameEventPublishedTwiceIsStoredDownstreamOnce() throws Exception {
        String customer = "dup_" + run;
        String subject = nats.subject("profile.events.acme." + customer + ".purchase");
        Subscription downstream = nats.connection().subscribe(subject);
        nats.connection().flush(Duration.ofSeconds(2));

        long before = storedMessages(subject);

        publish("customer.events." + customer + ".purchase", seedPurchase(customer));
        String first = nextFor(downstream, customer).get("eventId").asText();
        publish("customer.events." + customer + ".purchase", seedPurchase(customer));
        String second = nextFor(downstream, customer).get("eventId").asText();

        // both copies were forwarded with the same stable id as Nats-Msg-Id; the stream kept one of them
        assertThat(second).isEqualTo(first);
        assertThat(storedMessages(subject) - before).isEqualTo(1);
    }

    @Test
    void tenantComesFromTheMappedSubject() throws Exception {
        String customer = "glx_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.globex.*.purchase"));
        nats.connection().flush(Duration.ofSeconds(2));

        publish("tenant.globex.customer.events." + customer + ".purchase", seedPurchase(customer));

        assertThat(nextFor(downstream, customer).get("tenant").asText()).isEqualTo("globex");
    }

    @Test
    void eventWithoutEventTypeIsDeadLetteredWithTheField() throws Exception {
        String customer = "noType_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        publish(
                "customer.events." + customer + ".purchase",
                seedPurchase(customer).replace("\"event_type\":\"purchase\",", ""));

        Map<String, Object> letter = awaitDeadLetter("missing_field", customer);
        assertNothingForwardedFor(downstream, customer);
        assertThat((String) letter.get("detail")).contains("event_type");
        assertThat(violatedFields(letter)).containsExactly("event_type");
    }

    @Test
    void eventWithNeitherCustomerIdNorEmailIsDeadLettered() {
        String marker = "anon_" + run;
        String event = """
                {"event_type":"contact","timestamp":1734134400,"source_service":"%s","data":{"title":"hi"}}""".formatted(marker);
        publish("customer.events.someone.contact", event);

        assertThat(violatedFields(awaitDeadLetter("missing_field", marker))).containsExactly("customer_id");
    }

    @Test
    void garbageIsDeadLetteredAsInvalidJson() {
        String marker = "garbage_" + run;
        publish("customer.events.x.purchase", "{not json " + marker);

        assertThat(awaitDeadLetter("malformed_json", marker).get("subject")).isEqualTo("customer.events.x.purchase");
    }

    @Test
    void payloadThatDisagreesWithItsSubjectIsDeadLettered() throws Exception {
        String customer = "mismatch_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        publish("customer.events.other_customer.purchase", seedPurchase(customer));

        assertThat(violatedFields(awaitDeadLetter("subject_mismatch", customer)))
                .containsExactly("customer_id");
        assertNothingForwardedFor(downstream, customer);
    }

    @Test
    void eventTypeThatDisagreesWithTheSubjectIsDeadLettered() {
        String customer = "typemis_" + run;
        publish("customer.events." + customer + ".refund", seedPurchase(customer));

        assertThat(violatedFields(awaitDeadLetter("subject_mismatch", customer)))
                .containsExactly("event_type");
    }

    @Test
    void futureTimestampIsDeadLettered() throws Exception {
        String customer = "future_" + run;
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        long inAnHour = java.time.Instant.now().plusSeconds(3600).getEpochSecond();
        publish(
                "customer.events." + customer + ".purchase",
                seedPurchase(customer).replace("1734134400", String.valueOf(inAnHour)));

        assertThat(violatedFields(awaitDeadLetter("future_timestamp", customer)))
                .containsExactly("timestamp");
        assertNothingForwardedFor(downstream, customer);
    }

    @Test
    void deeplyNestedEventIsDeadLettered() {
        String marker = "deep_" + run;
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        publish("customer.events." + marker + ".contact", """
                {"customer_id":"%s","event_type":"contact","timestamp":1734134400,"source_service":"x","data":%s}""".formatted(marker, deep));

        assertThat(awaitDeadLetter("too_deep", marker)).isNotNull();
    }

    @Test
    void hugeEventIsDeadLetteredWithItsBytesKept() {
        String customer = "huge_" + run;
        String huge = seedPurchase(customer).replace("\"Wireless Headphones Pro\"", "\"" + "x".repeat(300_000) + "\"");
        publish("customer.events." + customer + ".purchase", huge);

        Map<String, Object> letter = awaitDeadLetter("too_large", customer);
        assertThat(((String) letter.get("payload")).length()).isEqualTo(huge.length());
    }

    @Test
    void aSubjectWhoseCustomerTokenIsNotACustomerIdIsDeadLettered() throws Exception {
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.>"));
        nats.connection().flush(Duration.ofSeconds(2));
        // email-only events may carry any token in the customer position, but never a wildcard or a non-id
        String wildcard = "wildcard_" + run;
        String tooLong = "toolong_" + run;
        String event = """
                {"event_type":"contact","timestamp":1734393600,"source_service":"%s","data":{"email":"w@example.com"}}""";
        publish("customer.events.*.contact", event.formatted(wildcard));
        publish("customer.events." + "x".repeat(129) + ".contact", event.formatted(tooLong));

        for (String marker : List.of(wildcard, tooLong)) {
            Map<String, Object> letter = awaitDeadLetter("invalid_type", marker);
            assertThat(violatedFields(letter)).containsExactly("subject");
        }
        for (Message message = downstream.nextMessage(Duration.ofMillis(500));
                message != null;
                message = downstream.nextMessage(Duration.ofMillis(500))) {
            assertThat(mapper.readTree(message.getData()).path("sourceService").asText())
                    .isNotIn(wildcard, tooLong);
        }
    }

    @Test
    void anEmailOnlyEventIsForwardedUnderItsEmailsToken() throws Exception {
        String email = "only_" + run + "@example.com";
        Subscription downstream = nats.connection()
                .subscribe(nats.subject("profile.events.acme." + CustomerTokens.ofEmail(email) + ".contact"));
        nats.connection().flush(Duration.ofSeconds(2));

        publish("customer.events.anyone.contact", """
                {"event_type":"contact","timestamp":1734393600,"source_service":"crm","data":{"email":"%s"}}""".formatted(email));

        Message message = downstream.nextMessage(WAIT);
        assertThat(message).isNotNull();
        JsonNode event = mapper.readTree(message.getData());
        assertThat(event.get("email").asText()).isEqualTo(email);
        assertThat(message.getHeaders().getFirst("Nats-Msg-Id"))
                .isEqualTo("acme:" + event.get("eventId").asText());
    }

    @Test
    void anUndeclaredTenantHasNoPartnerStream() {
        // only declared tenants have a partner stream (and, with the accounts of k8s/, a partner account): the publish
        // is refused and nothing is stored or forwarded; over HTTP such a tenant is dead-lettered unknown_tenant
        String customer = "initech_" + run;
        assertThatThrownBy(() -> nats.jetStream()
                        .publish(
                                nats.subject("tenant.initech.customer.events." + customer + ".purchase"),
                                seedPurchase(customer).getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("503");
        assertThat(pool.preparedQuery(
                                "SELECT count(*) FROM dead_letters WHERE convert_from(payload_bytes, 'UTF8') LIKE $1")
                        .execute(Tuple.of("%" + customer + "%"))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getInteger(0))
                .isZero();
    }

    private void publishWithMsgId(String contractSubject, String body, String msgId) {
        try {
            nats.jetStream()
                    .publish(
                            nats.subject(contractSubject),
                            body.getBytes(StandardCharsets.UTF_8),
                            io.nats.client.PublishOptions.builder()
                                    .messageId(msgId)
                                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(String contractSubject, String body) {
        try {
            nats.jetStream().publish(nats.subject(contractSubject), body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode nextFor(Subscription subscription, String customerId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = subscription.nextMessage(Duration.ofMillis(500));
            if (message != null) {
                JsonNode event = mapper.readTree(message.getData());
                if (customerId.equals(event.path("customerId").asText())) {
                    return event;
                }
            }
        }
        throw new AssertionError("No normalized event for " + customerId + " within " + WAIT);
    }

    private long storedMessages(String subject) throws Exception {
        var info =
                nats.management().getStreamInfo(nats.name("PROFILE_EVENTS"), StreamInfoOptions.filterSubjects(subject));
        return info.getStreamState().getSubjects().stream()
                .mapToLong(io.nats.client.api.Subject::getCount)
                .sum();
    }

    /** The dead letter is committed; a forwarded copy would have reached a core subscriber by now. */
    private void assertNothingForwardedFor(Subscription downstream, String customerId) throws Exception {
        for (Message message = downstream.nextMessage(Duration.ofMillis(500));
                message != null;
                message = downstream.nextMessage(Duration.ofMillis(500))) {
            assertThat(mapper.readTree(message.getData()).path("customerId").asText())
                    .isNotEqualTo(customerId);
        }
    }

    /** The one dead letter of {@code reason} whose payload contains {@code marker}, once it is there. */
    private Map<String, Object> awaitDeadLetter(String reason, String marker) {
        return await().atMost(WAIT)
                .until(
                        () -> given()
                                .auth()
                                .oauth2(token(ACME, Roles.ADMIN))
                                .queryParam("reason", reason)
                                .queryParam("limit", 500)
                                .get("/api/v1/dead-letters")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .<Map<String, Object>>getList("items")
                                .stream()
                                .filter(item ->
                                        String.valueOf(item.get("payload")).contains(marker))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    @SuppressWarnings("unchecked")
    private static List<String> violatedFields(Map<String, Object> letter) {
        return ((List<Map<String, String>>) letter.get("violations"))
                .stream().map(v -> v.get("field")).toList();
    }
}
