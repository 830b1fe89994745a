package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The support SLA and the commercial fields from the event catalog to the view (issue 21): events published for the
 * real profile-service, read back through the aggregator. Figures by hand in the comments.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class SupportSlaAndCommercialViewTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void slaBreachesCommercialFieldsAndUsageDrivenOpportunities() throws Exception {
        String customer = "sla_" + UUID.randomUUID().toString().substring(0, 8);
        String p1Opened;
        String p3Opened;
        Instant now;
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            now = seed.now();
            seed.event("profile_update", DAY.multipliedBy(300), Map.of("name", "Globex", "status", "active"));
            // 95 of 100 seats, ARR 120,000 → 1,200 a seat; auto-renewing; 1,000 API calls a month included
            seed.event(
                    "subscription_created",
                    DAY.multipliedBy(200),
                    Map.of(
                            "plan",
                            "Pro",
                            "arr",
                            120000,
                            "seats_total",
                            100,
                            "seats_used",
                            95,
                            "billing_cycle",
                            "annual",
                            "auto_renew",
                            true,
                            "api_calls_included",
                            1000,
                            "features",
                            List.of("sso", "api"),
                            "contract_end_date",
                            seed.date(100)));
            // P1 opened 3 h ago, unanswered (first response due 2 h ago); P3 opened 2 days ago, answered 2 h later
            p1Opened = seed.event(
                    "ticket_opened", HOUR.multipliedBy(3), Map.of("ticket_id", "T-P1", "priority", "urgent"));
            p3Opened =
                    seed.event("ticket_opened", DAY.multipliedBy(2), Map.of("ticket_id", "T-P3", "priority", "medium"));
            seed.event(
                    "ticket_updated",
                    DAY.multipliedBy(2).minus(HOUR.multipliedBy(2)),
                    Map.of(
                            "ticket_id",
                            "T-P3",
                            "first_response_at",
                            now.minus(DAY.multipliedBy(2))
                                    .plus(HOUR.multipliedBy(2))
                                    .toString()));
            // payments: the newest succeeded one is ACH, 10 days ago; a later one failed
            seed.event(
                    "payment_succeeded",
                    DAY.multipliedBy(40),
                    Map.of("payment_id", "pay_1", "amount", 10000, "method", "card"));
            seed.event(
                    "payment_succeeded",
                    DAY.multipliedBy(10),
                    Map.of("payment_id", "pay_2", "amount", 10000, "payment_method", "ACH"));
            seed.event("payment_failed", DAY.multipliedBy(2), Map.of("payment_id", "pay_3", "amount", 2500));
            // two open invoices: INV-2 is due first
            seed.event(
                    "invoice_issued",
                    DAY.multipliedBy(5),
                    Map.of("invoice_id", "INV-1", "amount", 10000, "currency", "USD", "due_date", seed.date(25)));
            seed.event(
                    "invoice_issued",
                    DAY.multipliedBy(3),
                    Map.of("invoice_id", "INV-2", "amount", 2500, "currency", "USD", "due_date", seed.date(10)));
            // usage: two people; 4,500 API calls in 90 days = 1,500 a month (150 % of the plan)
            seed.event("session", HOUR, Map.of("user_id", "u1", "duration_seconds", 600));
            seed.event("session", HOUR, Map.of("user_id", "u2", "duration_seconds", 600));
            seed.event("feature_used", DAY, Map.of("feature", "api", "user_id", "u1", "count", 4500));
            // asked twice for a sandbox, which the plan lacks
            seed.event("feature_requested", DAY.multipliedBy(20), Map.of("feature", "sandbox"));
            seed.event("feature_requested", DAY.multipliedBy(4), Map.of("feature", "Sandbox"));
        }

        String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath view = given().auth()
                    .oauth2(token(ACME, Roles.VIEWER))
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(view.getString("sections.supportSummary.status")).isNotEqualTo("unavailable");
            assertThat(view.getString("sections.commercialSummary.status")).isNotEqualTo("unavailable");

            // support: T-P3 answered in 2 h (met); T-P1 unanswered past its 1 h target
            assertThat(view.getFloat("supportSummary.avgFirstResponseHours")).isEqualTo(2.0f);
            assertThat(view.getInt("supportSummary.sla.ticketsJudged")).isEqualTo(2);
            assertThat(view.getInt("supportSummary.sla.ticketsBreached")).isEqualTo(1);
            assertThat(view.getInt("supportSummary.sla.firstResponseBreaches")).isEqualTo(1);
            assertThat(view.getInt("supportSummary.sla.resolutionBreaches")).isEqualTo(0);
            assertThat(view.getInt("supportSummary.sla.openPastTarget")).isEqualTo(1);
            assertThat(view.getList("supportSummary.sla.tickets.ticketId", String.class))
                    .containsExactly("T-P1", "T-P3");
            assertThat(view.getString("supportSummary.sla.tickets[0].firstResponse.state"))
                    .isEqualTo("breached");
            Instant opened = Instant.parse(view.getString("supportSummary.sla.tickets[0].openedAt"));
            assertThat(Instant.parse(view.getString("supportSummary.sla.tickets[0].firstResponse.dueAt")))
                    .isEqualTo(opened.plus(HOUR));
            // 3 h after the opening at the seed's now, and the view is built a little later
            assertThat(view.getLong("supportSummary.sla.tickets[0].firstResponse.minutesLate"))
                    .isBetween(120L, 125L);
            assertThat(view.getString("supportSummary.sla.tickets[0].resolution.state"))
                    .isEqualTo("pending");
            assertThat(view.getString("supportSummary.sla.tickets[1].firstResponse.state"))
                    .isEqualTo("met");
            assertThat(view.getString("supportSummary.sla.tickets[1].firstResponse.at"))
                    .isEqualTo(now.minus(DAY.multipliedBy(2))
                            .plus(HOUR.multipliedBy(2))
                            .toString());
            assertThat(view.getList("riskIndicators.type", String.class)).contains("sla_breach");
            Map<String, Object> sla = view.getMap("riskIndicators.find { it.type == 'sla_breach' }");
            assertThat(sla.get("severity")).isEqualTo("high");
            // 120 minutes late at the seed's now: "2 h", "2.1 h" from 123 minutes on
            assertThat(sla.get("signal"))
                    .asString()
                    .matches(
                            "1 ticket\\(s\\) missed the support SLA \\(1 first response\\(s\\), 0 resolution\\(s\\)\\); "
                                    + "P1 ticket T-P1 unanswered 2(\\.1)? h past its 1 h first-response target");
            assertThat(view.getList("riskIndicators.find { it.type == 'sla_breach' }.evidenceEventIds", String.class))
                    .contains(p1Opened);

            // commercial
            assertThat(view.getBoolean("commercialSummary.contract.autoRenew")).isTrue();
            assertThat(view.getString("commercialSummary.billing.lastPayment"))
                    .isEqualTo(LocalDate.ofInstant(now.minus(DAY.multipliedBy(10)), ZoneOffset.UTC)
                            .toString());
            assertThat(view.getString("commercialSummary.billing.paymentMethod"))
                    .isEqualTo("ach");
            assertThat(view.getString("commercialSummary.billing.nextInvoice.invoiceId"))
                    .isEqualTo("INV-2");
            assertThat(view.getInt("commercialSummary.billing.nextInvoice.amount"))
                    .isEqualTo(2500);
            assertThat(view.getString("commercialSummary.billing.nextInvoice.currency"))
                    .isEqualTo("USD");
            assertThat(view.getString("commercialSummary.billing.nextInvoice.dueDate"))
                    .isEqualTo(LocalDate.parse(today).plusDays(10).toString());
            assertThat(view.getInt("commercialSummary.expansion.usersWaitingForSeats"))
                    .isEqualTo(0);
            assertThat(view.getInt("commercialSummary.expansion.pricePerSeat")).isEqualTo(1200);
            assertThat(view.getList("commercialSummary.expansion.potentialUpsell", String.class))
                    .containsExactly("sandbox", "API capacity");

            // expansion: demand 95 (2 active users), ⌊95 / 0.9 = 105.6⌋ + 1 − 100 = 6 seats × 1,200 = 7,200
            Map<String, Object> expansion = view.getMap("opportunities.find { it.type == 'expansion' }");
            assertThat(((Number) expansion.get("value")).doubleValue()).isEqualTo(7200.0);
            assertThat(view.getInt("opportunities.find { it.type == 'expansion' }.evidence.seatsNeeded"))
                    .isEqualTo(6);
            assertThat(view.getInt("opportunities.find { it.type == 'api_upsell' }.evidence.apiCallsPerMonth"))
                    .isEqualTo(1500);
            assertThat(view.getInt("opportunities.find { it.type == 'api_upsell' }.evidence.percentOfPlan"))
                    .isEqualTo(150);
            assertThat(view.getString("opportunities.find { it.type == 'feature_upsell' }.signal"))
                    .isEqualTo("Asked for but not in the plan: sandbox (2 requests)");
        });
        assertThat(p3Opened).isNotBlank();
    }
}
