package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fields the support SLA and the commercial view rest on (issue 21): a ticket's {@code first_response_at} stored,
 * served on the typed Ticket (open and recently resolved) and exported; the average first response; the subscription's
 * {@code auto_renew} and {@code api_calls_included}; the feature requests of the sales section. Figures by hand in the
 * comments.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SupportSlaAndCommercialFieldsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    EventApplier applier;

    @Test
    void firstResponsesAreStoredServedAveragedAndExported() {
        String customer = Fixtures.unique("sla_");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant openedA = now.minus(HOUR.multipliedBy(10));
        Instant openedB = now.minus(DAY.multipliedBy(3));
        Instant openedC = now.minus(HOUR.multipliedBy(2));
        Fixtures.customer(ACME, customer)
                // A, P1: opened 10 h ago, answered 30 min later (ISO text), resolved 4 h ago → recently resolved
                .event("ticket_opened", openedA, Map.of("ticket_id", "A", "priority", "urgent"))
                .event(
                        "ticket_updated",
                        now.minus(HOUR.multipliedBy(9)),
                        Map.of(
                                "ticket_id",
                                "A",
                                "first_response_at",
                                openedA.plus(Duration.ofMinutes(30)).toString()))
                .event("ticket_resolved", now.minus(HOUR.multipliedBy(4)), Map.of("ticket_id", "A"))
                // B, P3: opened 3 days ago, answered 2 h later (whole Unix seconds), still open
                .event("ticket_opened", openedB, Map.of("ticket_id", "B", "priority", "medium"))
                .event(
                        "ticket_updated",
                        openedB.plus(HOUR),
                        Map.of(
                                "ticket_id",
                                "B",
                                "first_response_at",
                                openedB.plus(HOUR.multipliedBy(2)).getEpochSecond()))
                // C, P2: a seed support_ticket opened 2 h ago, answered 5400.25 s later (fractional Unix seconds)
                .event(
                        "support_ticket",
                        openedC,
                        Map.of(
                                "ticket_id",
                                "C",
                                "priority",
                                "high",
                                "status",
                                "open",
                                "first_response_at",
                                new BigDecimal(openedC.getEpochSecond()).add(new BigDecimal("5400.25"))))
                // E, P4: no readable first response (text that is no time): left out, the ticket kept
                .event("ticket_opened", now.minus(HOUR), Map.of("ticket_id", "E", "priority", "low"))
                .event(
                        "ticket_updated",
                        now.minus(Duration.ofMinutes(30)),
                        Map.of("ticket_id", "E", "first_response_at", "soon"))
                // D: resolved 40 days ago: not recently resolved, not in the first-response average
                .event("ticket_opened", now.minus(DAY.multipliedBy(41)), Map.of("ticket_id", "D", "priority", "low"))
                .event("ticket_resolved", now.minus(DAY.multipliedBy(40)), Map.of("ticket_id", "D"))
                .applyWith(applier);

        String firstA = openedA.plus(Duration.ofMinutes(30)).toString();
        String firstB = openedB.plus(HOUR.multipliedBy(2)).toString();
        // 1 h 30 min 0.25 s after C's opening, kept to the fraction
        String firstC = openedC.plusSeconds(5400).plusMillis(250).toString();
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/support")
                .then()
                .statusCode(200)
                .body("totalTickets", equalTo(5))
                .body("openTickets", equalTo(3))
                // A 0.5 h, B 2 h, C 1.50007 h → 4.00007 / 3 = 1.33
                .body("averageFirstResponseHours", equalTo(1.33f))
                // most urgent first
                .body("open.id", contains("C", "B", "E"))
                .body("open[0].firstResponseAt", equalTo(firstC))
                .body("open[0].openedAt", equalTo(openedC.toString()))
                .body("open[1].firstResponseAt", equalTo(firstB))
                .body("open[2].firstResponseAt", nullValue())
                .body("recentlyResolved.id", contains("A"))
                .body("recentlyResolved[0].priority", equalTo("P1"))
                .body("recentlyResolved[0].openedAt", equalTo(openedA.toString()))
                .body("recentlyResolved[0].firstResponseAt", equalTo(firstA))
                .body(
                        "recentlyResolved[0].resolvedAt",
                        equalTo(now.minus(HOUR.multipliedBy(4)).toString()));

        given().auth()
                .oauth2(token(ACME, Roles.ADMIN, Roles.SENSITIVE))
                .get("/api/v1/customers/" + customer + "/export")
                .then()
                .statusCode(200)
                .body("records.find { it.kind == 'ticket' && it.id == 'B' }.firstResponseAt", equalTo(firstB))
                .body("records.find { it.kind == 'ticket' && it.id == 'E' }.firstResponseAt", nullValue());
    }

    @Test
    void autoRenewApiAllowanceAndFeatureRequests() {
        String customer = Fixtures.unique("com_");
        // 7 seconds past a minute: times print the same as instants and as offset date-times
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(53);
        Fixtures fixtures = Fixtures.customer(ACME, customer)
                .event(
                        "subscription_created",
                        now.minus(DAY.multipliedBy(100)),
                        Map.of("plan", "Pro", "auto_renew", true, "api_calls_included", 50000))
                // a later report turns auto-renewal off (as text "false"): the newest wins
                .event("subscription_updated", now.minus(DAY.multipliedBy(5)), Map.of("auto_renew", "false"))
                .event(
                        "feature_requested",
                        now.minus(DAY.multipliedBy(20)),
                        Map.of("feature", "Audit_Log ", "requested_by", "ann@acme.example"))
                .event("feature_requested", now.minus(DAY.multipliedBy(3)), Map.of("feature", "audit_log"))
                .event("feature_requested", now.minus(DAY.multipliedBy(10)), Map.of("feature", "sandbox"))
                // not a feature name, and older than 365 days: not counted
                .event("feature_requested", now.minus(DAY.multipliedBy(2)), Map.of("feature", 42))
                .event("feature_requested", now.minus(DAY.multipliedBy(400)), Map.of("feature", "sandbox"));
        fixtures.applyWith(applier);
        List<String> ids = fixtures.events().stream().map(e -> e.eventId()).toList();

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/subscription")
                .then()
                .statusCode(200)
                .body("subscription.autoRenew", equalTo(false))
                .body("subscription.apiCallsIncluded", equalTo(50000));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/sales")
                .then()
                .statusCode(200)
                .body("featureRequests", hasSize(2))
                .body("featureRequests[0].feature", equalTo("audit_log"))
                .body("featureRequests[0].requests", equalTo(2))
                .body(
                        "featureRequests[0].lastRequestedAt",
                        equalTo(now.minus(DAY.multipliedBy(3)).toString()))
                .body("featureRequests[0].eventIds", contains(ids.get(3), ids.get(2)))
                .body("featureRequests[1].feature", equalTo("sandbox"))
                .body("featureRequests[1].requests", equalTo(1))
                .body("featureRequests[1].eventIds", contains(ids.get(4)));
    }
}
