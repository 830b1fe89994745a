package io.customer360.ingest.service;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.testing.ScrapedMetrics;
import io.customer360.ingest.SeedEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Intake counts as docs/metrics.md and the dead-letter alerts read them: every event once under its channel, tenant
 * and outcome, every dead letter under its reason too, and a tenant nobody declared under {@code undeclared}, never
 * under the name it claimed.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class IntakeMetricsTest {

    private static final String EVENTS = "ingest_events_total";
    private static final String DEAD_LETTERS = "ingest_dead_letters_total";

    @Inject
    NatsClient nats;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void httpEventsCountByOutcomeAndDeadLettersByReason() {
        String good = SeedEvents.purchase("metrics_" + run);
        String withoutType =
                "{\"customer_id\":\"metrics2_" + run + "\",\"timestamp\":1734134400,\"source_service\":\"x\"}";
        ScrapedMetrics before = scrape();

        post(ACME, "[" + good + "," + withoutType + "]").body("results.status", contains("accepted", "rejected"));
        post(ACME, good).body("results.status", contains("duplicate"));

        ScrapedMetrics after = scrape();
        assertThat(delta(before, after, EVENTS, "channel", "http", "tenant", ACME, "outcome", "accepted"))
                .isEqualTo(1);
        assertThat(delta(before, after, EVENTS, "channel", "http", "tenant", ACME, "outcome", "duplicate"))
                .isEqualTo(1);
        assertThat(delta(before, after, EVENTS, "channel", "http", "tenant", ACME, "outcome", "rejected"))
                .isEqualTo(1);
        assertThat(delta(before, after, DEAD_LETTERS, "channel", "http", "tenant", ACME, "reason", "missing_field"))
                .isEqualTo(1);
        assertThat(delta(before, after, EVENTS, "channel", "nats")).isZero();
    }

    @Test
    void anUndeclaredTenantIsCountedAsUndeclared() {
        String claimed = "nobody" + run;
        ScrapedMetrics before = scrape();

        post(claimed, SeedEvents.purchase("metrics3_" + run)).body("results.status", contains("rejected"));

        ScrapedMetrics after = scrape();
        assertThat(delta(
                        before,
                        after,
                        DEAD_LETTERS,
                        "channel",
                        "http",
                        "tenant",
                        "undeclared",
                        "reason",
                        "unknown_tenant"))
                .isEqualTo(1);
        assertThat(after.has(EVENTS, "tenant", claimed)).isFalse();
        assertThat(after.has(DEAD_LETTERS, "tenant", claimed)).isFalse();
    }

    @Test
    void aMalformedNatsEventIsADeadLetterOfChannelNats() throws Exception {
        ScrapedMetrics before = scrape();

        nats.jetStream()
                .publish(
                        nats.subject("customer.events.metrics4_" + run + ".purchase"),
                        "{\"not json".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(delta(
                                before,
                                scrape(),
                                DEAD_LETTERS,
                                "channel",
                                "nats",
                                "tenant",
                                ACME,
                                "reason",
                                "malformed_json"))
                        .isEqualTo(1));
        assertThat(delta(before, scrape(), EVENTS, "channel", "nats", "tenant", ACME, "outcome", "rejected"))
                .isEqualTo(1);
    }

    private static io.restassured.response.ValidatableResponse post(String tenant, String body) {
        return given().auth()
                .oauth2(token(tenant, Roles.EVENTS_WRITER))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(200);
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
