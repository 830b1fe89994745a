package io.customer360.aggregator.service.accuracy;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Insight accuracy on a hand-computed fixture in 2020 (far from what other tests record now): insights emitted at
 * known times, outcomes announced on profile.changed as profile-service does, the report checked number by number.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class InsightAccuracyTest {

    private static final String PREFIX = "test.aggregator.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT = "/api/v1/views/insights/accuracy";

    @Inject
    InsightLog log;

    @Inject
    Pool pool;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void forgetEarlierRunsOfThisFixture() {
        pool.query("DELETE FROM insight_episodes WHERE first_emitted_at < '2021-01-01'")
                .execute()
                .await()
                .indefinitely();
    }

    private void emitted(String customer, String at, String kind, String type) {
        log.emitted(ACME, customer + run, List.of(new InsightLog.Emitted(kind, type)), Instant.parse(at))
                .await()
                .indefinitely();
    }

    private void outcome(Connection nats, String customer, String eventId, String eventType, String at)
            throws Exception {
        nats.jetStream().publish(PREFIX + "profile.changed.acme." + customer + run, """
                {"tenant":"acme","customerId":"%s","sections":["subscription"],"eventIds":["%s"],"occurredAt":"%s",
                 "changes":[{"eventId":"%s","eventType":"%s","occurredAt":"%s","sourceService":"billing","records":[],"priority":null}]}""".formatted(
                        customer + run, eventId + run, at, eventId + run, eventType, at)
                .getBytes(StandardCharsets.UTF_8));
    }

    private long outcomesStored() {
        return pool.preparedQuery("SELECT count(*) FROM insight_outcomes WHERE event_id LIKE $1")
                .execute(Tuple.of("%" + run))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void precisionPerInsightAndMonthMatchesTheHandComputation() throws Exception {
        // A: usage decline and at_risk in January, churn in March: both confirmed. A's usage decline again in May
        //    is a new episode, which nothing scores: expired (2020 is past the 180-day horizon).
        emitted("a", "2020-01-10T10:00:00Z", "risk", "usage_decline");
        emitted("a", "2020-01-10T10:00:00Z", "exit_state", "at_risk");
        // B: usage decline in January (again on the 25th: the same episode) and expansion_ready in February; a renewal
        //    in April refutes the risk and says nothing of expansion_ready (expired).
        emitted("b", "2020-01-15T10:00:00Z", "risk", "usage_decline");
        emitted("b", "2020-01-25T10:00:00Z", "risk", "usage_decline");
        emitted("b", "2020-02-05T10:00:00Z", "exit_state", "expansion_ready");
        // C: usage decline, an escalation and escalation_required in February; the ticket is resolved five days later
        //    (resolved, no verdict); the churn in October is beyond the horizon of all three (expired).
        emitted("c", "2020-02-20T10:00:00Z", "risk", "usage_decline");
        emitted("c", "2020-02-20T10:00:00Z", "risk", "support_escalation");
        emitted("c", "2020-02-20T10:00:00Z", "exit_state", "escalation_required");
        // D: usage decline in January; a churn announced for December 2019 (before it) scores nothing; a renewal in
        //    March refutes it, announced twice.
        emitted("d", "2020-01-20T10:00:00Z", "risk", "usage_decline");

        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            outcome(nats, "a", "churn-a", "subscription_cancelled", "2020-03-01T00:00:00Z");
            outcome(nats, "b", "renew-b", "subscription_renewed", "2020-04-01T00:00:00Z");
            outcome(nats, "c", "resolved-c", "ticket_resolved", "2020-02-25T00:00:00Z");
            outcome(nats, "c", "churn-c", "subscription_cancelled", "2020-10-01T00:00:00Z");
            outcome(nats, "d", "churn-d", "subscription_cancelled", "2019-12-01T00:00:00Z");
            outcome(nats, "d", "renew-d", "subscription_renewed", "2020-03-01T00:00:00Z");
            outcome(nats, "d", "renew-d", "subscription_renewed", "2020-03-01T00:00:00Z");
            await().atMost(Duration.ofSeconds(15)).until(() -> outcomesStored() == 6);
        }
        emitted("a", "2020-05-02T10:00:00Z", "risk", "usage_decline");

        JsonNode report = JSON.readTree(given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("from", "2020-01-01T00:00:00Z")
                .queryParam("to", "2021-01-01T00:00:00Z")
                .get(REPORT)
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(report.path("horizonDays").asLong()).isEqualTo(180);
        Map<String, JsonNode> insights = new HashMap<>();
        report.path("insights")
                .forEach(i -> insights.put(
                        i.path("kind").asText() + "/" + i.path("type").asText(), i));
        assertThat(insights)
                .containsOnlyKeys(
                        "risk/usage_decline",
                        "risk/support_escalation",
                        "exit_state/at_risk",
                        "exit_state/expansion_ready",
                        "exit_state/escalation_required");

        // usage decline: January A confirmed, B and D refuted (1 of 3 = 0.333); February C expired; May A expired
        JsonNode usage = insights.get("risk/usage_decline");
        assertThat(tally(usage.path("total")))
                .isEqualTo("emitted 5 confirmed 1 refuted 2 pending 0 expired 2 resolved 0 precision 0.333");
        assertThat(periods(usage))
                .containsExactly(
                        "2020-01: emitted 3 confirmed 1 refuted 2 pending 0 expired 0 resolved 0 precision 0.333",
                        "2020-02: emitted 1 confirmed 0 refuted 0 pending 0 expired 1 resolved 0 precision null",
                        "2020-05: emitted 1 confirmed 0 refuted 0 pending 0 expired 1 resolved 0 precision null");
        assertThat(tally(insights.get("exit_state/at_risk").path("total")))
                .isEqualTo("emitted 1 confirmed 1 refuted 0 pending 0 expired 0 resolved 0 precision 1.0");
        assertThat(tally(insights.get("exit_state/expansion_ready").path("total")))
                .isEqualTo("emitted 1 confirmed 0 refuted 0 pending 0 expired 1 resolved 0 precision null");
        assertThat(tally(insights.get("risk/support_escalation").path("total")))
                .isEqualTo("emitted 1 confirmed 0 refuted 0 pending 0 expired 1 resolved 1 precision null");
        assertThat(tally(insights.get("exit_state/escalation_required").path("total")))
                .isEqualTo("emitted 1 confirmed 0 refuted 0 pending 0 expired 1 resolved 1 precision null");

        // another tenant sees none of it
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .queryParam("from", "2020-01-01T00:00:00Z")
                .queryParam("to", "2021-01-01T00:00:00Z")
                .get(REPORT)
                .then()
                .statusCode(200)
                .body("insights", empty());
    }

    @Test
    void anInsightEmittedNowIsPendingUntilAnOutcomeScoresIt() throws Exception {
        String customer = "now";
        Instant emittedAt = Instant.now().minusSeconds(60);
        log.emitted(ACME, customer + run, List.of(new InsightLog.Emitted("risk", "payment_issue")), emittedAt)
                .await()
                .indefinitely();
        assertThat(scored(customer)).isNull();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            outcome(
                    nats,
                    customer,
                    "cancel-now",
                    "subscription_cancelled",
                    Instant.now().toString());
            await().atMost(Duration.ofSeconds(15)).until(() -> "confirmed".equals(scored(customer)));
        }
    }

    private String scored(String customer) {
        return pool.preparedQuery("SELECT verdict FROM insight_episodes WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customer + run))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
    }

    @Test
    void badRangesAreProblemsNamingTheParameter() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("from", "last tuesday")
                .get(REPORT)
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body(containsString("from"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("to", "2020-13-01T00:00:00Z")
                .get(REPORT)
                .then()
                .statusCode(400)
                .body(containsString("to"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("from", "2021-01-01T00:00:00Z")
                .queryParam("to", "2020-01-01T00:00:00Z")
                .get(REPORT)
                .then()
                .statusCode(400)
                .body(containsString("from"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .queryParam("from", "2000-01-01T00:00:00Z")
                .queryParam("to", "2020-01-01T00:00:00Z")
                .get(REPORT)
                .then()
                .statusCode(400)
                .body(containsString("3 years"));
        given().get(REPORT).then().statusCode(401);
        // the default range is the last year
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get(REPORT)
                .then()
                .statusCode(200)
                .body("horizonDays", equalTo(180));
    }

    private static String tally(JsonNode t) {
        return "emitted %d confirmed %d refuted %d pending %d expired %d resolved %d precision %s"
                .formatted(
                        t.path("emitted").asLong(),
                        t.path("confirmed").asLong(),
                        t.path("refuted").asLong(),
                        t.path("pending").asLong(),
                        t.path("expired").asLong(),
                        t.path("resolved").asLong(),
                        t.path("precision").isNull()
                                ? "null"
                                : t.path("precision").asText());
    }

    private static List<String> periods(JsonNode insight) {
        List<String> periods = new java.util.ArrayList<>();
        insight.path("periods").forEach(p -> periods.add(p.path("period").asText() + ": " + tally(p.path("tally"))));
        return periods;
    }
}
