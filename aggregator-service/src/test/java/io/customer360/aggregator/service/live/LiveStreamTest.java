package io.customer360.aggregator.service.live;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The live streams: a customer's stream starts with the view and pushes the parts a change altered; the tenant's
 * stream delivers each change once, resumes after a reconnect from its Last-Event-ID without a gap, and never
 * carries another tenant's changes.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class LiveStreamTest {

    private static final String PREFIX = "test.aggregator.";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/customer-360/")
    URL base;

    @TestHTTPResource("/api/v1/views/stream")
    URL tenantStream;

    private static String id() {
        return "live_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void changed(Connection nats, String tenant, String customer, String section, String eventId)
            throws Exception {
        changedOn(nats, "profile.changed." + tenant + "." + customer, tenant, customer, section, eventId);
    }

    /** A profile.changed message on {@code subject} whose body names {@code tenant} and {@code customer}. */
    private static void changedOn(
            Connection nats, String subject, String tenant, String customer, String section, String eventId)
            throws Exception {
        nats.jetStream().publish(PREFIX + subject, """
                {"tenant":"%s","customerId":"%s","sections":["%s"],"eventIds":["%s"],"occurredAt":"2026-11-22T10:00:00Z"}""".formatted(tenant, customer, section, eventId)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCustomerStreamStartsWithTheViewAndPushesWhatAChangeAltered() throws Exception {
        String customer = id();
        try (ProfileSeed seed = new ProfileSeed("acme", customer);
                Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            seed.event(
                    "subscription_created",
                    Duration.ofDays(100),
                    Map.of(
                            "plan",
                            "Pro",
                            "arr",
                            24000,
                            "seats_total",
                            20,
                            "seats_used",
                            10,
                            "renewal_date",
                            seed.date(300)));
            await().atMost(WAIT)
                    .until(() -> given().auth()
                                    .oauth2(token(ACME, Roles.VIEWER))
                                    .get(base + customer)
                                    .statusCode()
                            == 200);

            try (SseClient stream = SseClient.open(base + customer + "/stream", token(ACME, Roles.VIEWER), null)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.contentType()).startsWith("text/event-stream");
                SseClient.Event snapshot = stream.next(WAIT);
                assertThat(snapshot.name()).isEqualTo("view");
                JsonNode view = JSON.readTree(snapshot.data());
                assertThat(view.path("accountId").asText()).isEqualTo(customer);
                assertThat(view.path("supportSummary").path("openTickets").asInt())
                        .isZero();

                String ticket = seed.event(
                        "ticket_opened",
                        Duration.ofMinutes(5),
                        Map.of("ticket_id", "TKT-LIVE", "priority", "urgent", "title", "Checkout down"));
                await().atMost(WAIT)
                        .until(() -> given().auth()
                                        .oauth2(token(ACME, Roles.VIEWER))
                                        .get(base + customer)
                                        .then()
                                        .extract()
                                        .jsonPath()
                                        .getInt("supportSummary.openTickets")
                                == 1);
                long sent = System.nanoTime();
                changed(nats, "acme", customer, "support", ticket);
                SseClient.Event update = stream.next(WAIT);
                System.out.printf(
                        "live stream: the change arrived %.0f ms after profile.changed%n",
                        (System.nanoTime() - sent) / 1e6);

                assertThat(update.name()).isEqualTo("sections");
                assertThat(Long.parseLong(update.id())).isGreaterThan(Long.parseLong(snapshot.id()));
                JsonNode changes = JSON.readTree(update.data());
                assertThat(changes.path("customerId").asText()).isEqualTo(customer);
                assertThat(changes.path("changed")
                                .path("supportSummary")
                                .path("openTickets")
                                .asInt())
                        .isEqualTo(1);
                assertThat(changes.path("changed").has("accountProfile"))
                        .as("an unchanged part is not sent again")
                        .isFalse();
                assertThat(changes.path("changed").has("generatedAt")).isFalse();
                assertThat(changes.path("cause").path("sections").toString()).contains("support");
                assertThat(changes.path("cause").path("eventIds").toString()).contains(ticket);

                // a new enrichment result is a change of the enrichment part; its id stays that of the last profile
                // change
                nats.jetStream().publish(PREFIX + "enrichment.updated.acme." + customer, """
                        {"tenant":"acme","customerId":"%s","dataTypes":["person"],"occurredAt":"2026-11-22T10:00:01Z"}""".formatted(customer)
                        .getBytes(StandardCharsets.UTF_8));
                SseClient.Event enriched = stream.next(WAIT);
                assertThat(enriched.name()).isEqualTo("sections");
                assertThat(enriched.id()).isEqualTo(update.id());
                assertThat(JSON.readTree(enriched.data())
                                .path("cause")
                                .path("sections")
                                .toString())
                        .isEqualTo("[\"enrichment\"]");
            }
        }
    }

    @Test
    void theTenantStreamResumesAfterAReconnectWithoutAGapOrARepeat() throws Exception {
        String first = id();
        String second = id();
        String third = id();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            String resumeAfter;
            try (SseClient stream = SseClient.open(tenantStream.toString(), token(ACME, Roles.VIEWER), null)) {
                assertThat(stream.status()).isEqualTo(200);
                changed(nats, "acme", first, "profile", "evt-1");
                SseClient.Event change = stream.next(WAIT);
                assertThat(change.name()).isEqualTo("change");
                assertThat(JSON.readTree(change.data()).path("customerId").asText())
                        .isEqualTo(first);
                assertThat(JSON.readTree(change.data()).path("eventIds").get(0).asText())
                        .isEqualTo("evt-1");
                resumeAfter = change.id();
            }
            // while the client is away
            changed(nats, "acme", second, "support", "evt-2");
            changed(nats, "globex", id(), "support", "evt-globex");
            changed(nats, "acme", third, "usage", "evt-3");

            try (SseClient resumed = SseClient.open(tenantStream.toString(), token(ACME, Roles.VIEWER), resumeAfter)) {
                List<String> customers = new ArrayList<>();
                for (SseClient.Event event = resumed.next(WAIT); event != null && customers.size() < 2; ) {
                    customers.add(JSON.readTree(event.data()).path("customerId").asText());
                    event = customers.size() < 2 ? resumed.next(WAIT) : null;
                }
                assertThat(customers).containsExactly(second, third);
                assertThat(resumed.next(Duration.ofSeconds(1)))
                        .as("nothing more, nothing twice")
                        .isNull();
            }
        }
    }

    @Test
    void anotherTenantsChangesNeverReachTheStream() throws Exception {
        String acmeCustomer = id();
        String globexCustomer = id();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222");
                SseClient globex = SseClient.open(tenantStream.toString(), token(GLOBEX, Roles.VIEWER), null)) {
            assertThat(globex.status()).isEqualTo(200);
            changed(nats, "acme", acmeCustomer, "profile", "evt-acme");
            // on globex's subjects: a body naming acme's customer, a wildcard for the customer (NATS stores it as sent)
            changedOn(nats, "profile.changed.globex." + globexCustomer, "acme", acmeCustomer, "profile", "evt-forged");
            changedOn(nats, "profile.changed.globex.*", "globex", "*", "profile", "evt-wildcard");
            changed(nats, "globex", globexCustomer, "profile", "evt-globex");
            SseClient.Event event = globex.next(WAIT);
            assertThat(JSON.readTree(event.data()).path("customerId").asText()).isEqualTo(globexCustomer);
            assertThat(JSON.readTree(event.data()).path("eventIds").get(0).asText())
                    .isEqualTo("evt-globex");
            assertThat(event.data()).doesNotContain(acmeCustomer).doesNotContain("evt-acme");
            assertThat(globex.next(Duration.ofSeconds(1)))
                    .as("the forged changes are not sent")
                    .isNull();
        }
    }

    @Test
    void streamsRefuseWhatTheViewRefuses() throws Exception {
        try (SseClient anonymous = SseClient.open(tenantStream.toString(), null, null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
        try (SseClient unknown = SseClient.open(base + id() + "/stream", token(ACME, Roles.VIEWER), null)) {
            assertThat(unknown.status()).isEqualTo(404);
        }
        try (SseClient otherTenant = SseClient.open(base + id() + "/stream", token(GLOBEX, Roles.VIEWER), null)) {
            assertThat(otherTenant.status()).isEqualTo(404);
        }
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .header("Last-Event-ID", "yesterday")
                .get(tenantStream)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", org.hamcrest.Matchers.equalTo("Last-Event-ID"));
    }

    @Test
    void aTenantStreamEndsWhenItsTokenExpiresWithALastEventSayingSo() throws Exception {
        String customer = id();
        Instant expires = Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222");
                SseClient stream = SseClient.open(tenantStream.toString(), tokenExpiringAt(expires), null)) {
            assertThat(stream.status()).isEqualTo(200);
            changed(nats, "acme", customer, "support", customer + "-before");
            SseClient.Event before = stream.next(WAIT);
            assertThat(before.name()).isEqualTo("change");

            SseClient.Event last = stream.next(Duration.ofSeconds(15));
            assertThat(last.name()).isEqualTo("expired");
            assertThat(Instant.now()).as("not before the token's expiry").isAfterOrEqualTo(expires.minusMillis(500));
            assertThat(JSON.readTree(last.data()).path("expiredAt").asText()).isEqualTo(expires.toString());
            assertThat(stream.ended(Duration.ofSeconds(5)))
                    .as("the stream ends after 'expired'")
                    .isTrue();

            changed(nats, "acme", customer, "support", customer + "-after");
            assertThat(stream.next(Duration.ofSeconds(2)))
                    .as("nothing after the expiry")
                    .isNull();
        }
    }

    @Test
    void aCustomerStreamEndsWhenItsTokenExpires() throws Exception {
        String customer = id();
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event(
                    "ticket_opened",
                    Duration.ofDays(1),
                    Map.of("ticket_id", "TKT-EXP", "priority", "low", "title", "Slow"));
        }
        await().atMost(WAIT)
                .until(() -> given().auth()
                                .oauth2(token(ACME, Roles.VIEWER))
                                .get(base + customer)
                                .statusCode()
                        == 200);
        Instant expires = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        try (SseClient stream = SseClient.open(base + customer + "/stream", tokenExpiringAt(expires), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(WAIT).name()).isEqualTo("view");
            SseClient.Event last = stream.next(Duration.ofSeconds(15));
            assertThat(last.name()).isEqualTo("expired");
            assertThat(Instant.now()).isAfterOrEqualTo(expires.minusMillis(500));
            assertThat(stream.ended(Duration.ofSeconds(5))).isTrue();
        }
    }

    /** A viewer's token of acme, signed like TestTokens' but with its exp at {@code expires} (whole seconds). */
    private static String tokenExpiringAt(Instant expires) {
        return io.smallrye.jwt.build.Jwt.issuer(io.customer360.common.testing.TestTokens.ISSUER)
                .audience(io.customer360.common.testing.TestTokens.AUDIENCE)
                .preferredUserName("acme-user")
                .subject("acme-user")
                .groups(java.util.Set.of(Roles.VIEWER))
                .claim("org_id", ACME)
                .expiresAt(expires.getEpochSecond())
                .jws()
                .keyId("1")
                .sign();
    }
}
