package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each 360 section against a customer history whose figures are computed by hand in the comments. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomerSectionResourceTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    EventApplier applier;

    private final String customer = Fixtures.unique("sec_");

    private RequestSpecification viewer() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER));
    }

    @BeforeEach
    void history() {
        Fixtures.customer(ACME, customer)
                // subscription: created, then seats changed later; MRR 1000 → ARR derived 12000
                .event(
                        "subscription_created",
                        DAY.multipliedBy(100),
                        Map.of(
                                "plan",
                                "Pro",
                                "mrr",
                                1000,
                                "seats_total",
                                20,
                                "billing_cycle",
                                "monthly",
                                "features",
                                List.of("sso", "api", "reports")))
                .event("seats_changed", DAY.multipliedBy(10), Map.of("seats_used", 15))
                // invoices: one paid (issued then paid, delivered out of order), one overdue 500
                .event("invoice_paid", DAY.multipliedBy(40), Map.of("invoice_id", "INV-1", "amount", 1000))
                .event(
                        "invoice_issued",
                        DAY.multipliedBy(60),
                        Map.of("invoice_id", "INV-1", "amount", 1000, "due_date", "2026-01-01"))
                .event("invoice_issued", DAY.multipliedBy(35), Map.of("invoice_id", "INV-2", "amount", 500))
                .event("invoice_overdue", DAY.multipliedBy(5), Map.of("invoice_id", "INV-2"))
                // payments: two failed in the last 90 days, one succeeded
                .event(
                        "payment_failed",
                        DAY.multipliedBy(20),
                        Map.of("payment_id", "p1", "amount", 500, "failure_reason", "card_declined"))
                .event("payment_failed", DAY.multipliedBy(6), Map.of("payment_id", "p2", "amount", 500))
                .event("payment_succeeded", DAY.multipliedBy(39), Map.of("payment_id", "p0", "amount", 1000))
                // credits: 300 issued, 120 applied → balance 180
                .event("credit_issued", DAY.multipliedBy(30), Map.of("credit_id", "c1", "amount", 300))
                .event("credit_applied", DAY.multipliedBy(3), Map.of("credit_id", "c1-use", "amount", 120))
                // tickets: T1 P1 open and escalated; T2 opened 10h before it was resolved with CSAT 4; T3 resolved,
                // CSAT 2
                .event(
                        "ticket_opened",
                        DAY.multipliedBy(2),
                        Map.of("ticket_id", "T1", "priority", "urgent", "category", "sso"))
                .event("ticket_escalated", DAY, Map.of("ticket_id", "T1"))
                .event(
                        "ticket_opened",
                        Duration.ofHours(30),
                        Map.of("ticket_id", "T2", "priority", "low", "category", "sso"))
                .event("ticket_resolved", Duration.ofHours(20), Map.of("ticket_id", "T2", "csat", 4))
                .event(
                        "support_ticket",
                        DAY.multipliedBy(200),
                        Map.of("ticket_id", "T3", "priority", "medium", "status", "open", "category", "billing"))
                .event("ticket_resolved", DAY.multipliedBy(199), Map.of("ticket_id", "T3", "csat", 2))
                // engagement: 3 logins in 30 days, 1 in the 30 before → up; NPS 9 then 6 (latest 6, average 7.5)
                .event("login", DAY.multipliedBy(1), Map.of("user_id", "u1"))
                .event("login", DAY.multipliedBy(2), Map.of("user_id", "u2"))
                .event("login", DAY.multipliedBy(3), Map.of("user_id", "u1"))
                .event("login", DAY.multipliedBy(45), Map.of("user_id", "u1"))
                .event("nps_response", DAY.multipliedBy(90), Map.of("score", 9))
                .event("nps_response", DAY.multipliedBy(10), Map.of("score", 6, "respondent", "ct2"))
                .event("meeting_held", DAY.multipliedBy(20), Map.of("meeting_id", "m1", "meeting_type", "qbr"))
                .event(
                        "meeting_scheduled",
                        DAY.multipliedBy(1),
                        Map.of(
                                "meeting_id",
                                "m2",
                                "meeting_type",
                                "qbr",
                                "scheduled_at",
                                Instant.now().plus(DAY.multipliedBy(14)).toString()))
                // usage: 2 sessions (600 s and 1200 s → 15.0 minutes), reports used 3 + 1 times by 2 users; api, sso
                // unused
                .event("session", DAY.multipliedBy(2), Map.of("user_id", "u1", "duration_seconds", 600))
                .event("session", DAY.multipliedBy(4), Map.of("user_id", "u2", "duration_seconds", 1200))
                .event("feature_used", DAY.multipliedBy(2), Map.of("feature", "reports", "user_id", "u1", "count", 3))
                .event("feature_used", DAY.multipliedBy(5), Map.of("feature", "reports", "user_id", "u2"))
                // sales: two open deals 24000 + 6000, one lost; one pending quote
                .event(
                        "deal_created",
                        DAY.multipliedBy(15),
                        Map.of("deal_id", "d1", "amount", 24000, "stage", "proposal"))
                .event(
                        "deal_created",
                        DAY.multipliedBy(14),
                        Map.of("deal_id", "d2", "amount", 6000, "stage", "discovery"))
                .event(
                        "deal_created",
                        DAY.multipliedBy(50),
                        Map.of("deal_id", "d3", "amount", 9000, "stage", "proposal"))
                .event("deal_lost", DAY.multipliedBy(40), Map.of("deal_id", "d3", "reason", "budget"))
                .event("quote_sent", DAY.multipliedBy(7), Map.of("quote_id", "q1", "deal_id", "d1", "amount", 24000))
                // security: MFA on, SSO off later than it was on, 2 failed logins, 1 suspicious activity
                .event("mfa_changed", DAY.multipliedBy(60), Map.of("enabled", true))
                .event("sso_changed", DAY.multipliedBy(9), Map.of("enabled", false))
                .event("sso_changed", DAY.multipliedBy(50), Map.of("enabled", true, "provider", "okta"))
                .event("login_failed", DAY.multipliedBy(2), Map.of("user_id", "u9"))
                .event("login_failed", DAY.multipliedBy(3), Map.of("user_id", "u9"))
                .event(
                        "suspicious_activity",
                        DAY.multipliedBy(2),
                        Map.of("severity", "high", "description", "Impossible travel"))
                // contacts: a champion who left, an executive sponsor
                .event(
                        "contact_added",
                        DAY.multipliedBy(80),
                        Map.of("contact_id", "ct1", "contact_name", "Ann", "role", "champion"))
                .event("contact_removed", DAY.multipliedBy(8), Map.of("contact_id", "ct1"))
                .event(
                        "contact_added",
                        DAY.multipliedBy(70),
                        Map.of("contact_id", "ct2", "contact_name", "Bo", "role", "Executive Sponsor"))
                .event("contact_activity", DAY.multipliedBy(4), Map.of("contact_id", "ct2", "activity", "email_reply"))
                // success: one milestone completed, one at risk; a health event
                .event("milestone_added", DAY.multipliedBy(60), Map.of("milestone_id", "ms1", "name", "Go live"))
                .event("milestone_completed", DAY.multipliedBy(30), Map.of("milestone_id", "ms1"))
                .event("milestone_at_risk", DAY.multipliedBy(3), Map.of("milestone_id", "ms2", "name", "EMEA roll-out"))
                .event(
                        "health_event",
                        DAY.multipliedBy(8),
                        Map.of("signal", "champion_left", "severity", "high", "score", 42))
                // work orders and knowledge
                .event(
                        "repair",
                        DAY.multipliedBy(12),
                        Map.of("work_order_id", "WO-1", "status", "open", "priority", "medium"))
                .event(
                        "work_order",
                        DAY.multipliedBy(11),
                        Map.of("work_order_id", "WO-1", "status", "completed", "cost", 49))
                .event(
                        "support_ticket",
                        DAY.multipliedBy(6),
                        Map.of(
                                "ticket_id",
                                "T4",
                                "title",
                                "Data export fails",
                                "description",
                                "CSV export times out",
                                "important",
                                true,
                                "status",
                                "resolved"))
                .applyWith(applier);
    }

    @Test
    void subscriptionAndBilling() {
        viewer().get("/api/v1/customers/" + customer + "/subscription")
                .then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("subscription.plan", equalTo("Pro"))
                .body("subscription.status", equalTo("active"))
                .body("seats.total", equalTo(20))
                .body("seats.used", equalTo(15))
                .body("seats.utilization", equalTo(0.75f))
                .body("billing.mrr", equalTo(1000))
                .body("billing.arr", equalTo(12000))
                .body("billing.arrSource", equalTo("derived_from_mrr"))
                .body("paymentHealth.openInvoices", equalTo(1))
                .body("paymentHealth.overdueInvoices", equalTo(1))
                .body("paymentHealth.overdueAmount", equalTo(500))
                .body("paymentHealth.failedPaymentsLast90Days", equalTo(2))
                .body("paymentHealth.lastFailedPaymentAt", notNullValue())
                .body("creditBalance", equalTo(180))
                .body("recentInvoices.find { it.id == 'INV-1' }.status", equalTo("paid"));
    }

    @Test
    void support() {
        viewer().get("/api/v1/customers/" + customer + "/support")
                .then()
                .statusCode(200)
                .body("totalTickets", equalTo(4))
                .body("openTickets", equalTo(1))
                .body("openEscalations", equalTo(1))
                .body("ticketsLast90Days", equalTo(3))
                // T2: 10 h, T3: 24 h (T4 has no resolved_at)
                .body("averageResolutionHours", equalTo(17.0f))
                .body("csat.average", equalTo(3.0f))
                .body("csat.responses", equalTo(2))
                .body("openByPriority.P1", equalTo(1))
                .body("openByPriority.P4", equalTo(0))
                .body("open.id", contains("T1"))
                .body("open[0].escalated", equalTo(true))
                .body("commonCategories[0].category", equalTo("sso"))
                .body("commonCategories[0].tickets", equalTo(2));
    }

    @Test
    void engagement() {
        viewer().get("/api/v1/customers/" + customer + "/engagement")
                .then()
                .statusCode(200)
                .body("loginsLast30Days", equalTo(3))
                .body("loginTrend", equalTo("up"))
                .body("meetingsLast90Days", equalTo(1))
                .body("nps.latest", equalTo(6))
                .body("nps.average", equalTo(7.5f))
                .body("nps.responses", equalTo(2))
                // each answer with who gave it, newest first
                .body("nps.answers.score", contains(6, 9))
                .body("nps.answers[0].respondent", equalTo("ct2"))
                .body("nps.answers[1].respondent", nullValue())
                .body("upcomingMeetings.id", contains("m2"));
    }

    @Test
    void usage() {
        viewer().get("/api/v1/customers/" + customer + "/usage")
                .then()
                .statusCode(200)
                .body("sessionsLast30Days", equalTo(2))
                .body("averageSessionMinutes", equalTo(15.0f))
                .body("activeUsersLast30Days", equalTo(2))
                .body("features[0].feature", equalTo("reports"))
                .body("features[0].usesLast90Days", equalTo(4))
                .body("features[0].users", equalTo(2))
                .body("unusedEntitledFeatures", containsInAnyOrder("sso", "api"))
                // people by user_id (sessions, feature uses, logins): u1 on days 1, 2, 3 and 45 ago, u2 on days 2, 4, 5
                .body("users.last7Days", equalTo(2))
                .body("users.last30Days", equalTo(2))
                .body("users.previous30Days", equalTo(1))
                .body("users.powerUsers", equalTo(0))
                .body("users.atRiskUsers", equalTo(0))
                // u1 and u2 each used reports
                .body("users.featuresPerUser", equalTo(1.0f))
                // day 1: u1; day 2: u1 (login, session, feature) and u2 (login); days 3, 4, 5, 45: one each
                .body("users.daily.users", contains(1, 2, 1, 1, 1, 1));
    }

    @Test
    void usagePeoplePowerUsersAndUsersAtRisk() {
        String people = Fixtures.unique("people_");
        Fixtures history = Fixtures.customer(ACME, people);
        // u1: a session on each of the 12 days 1..12 ago (a power user: active on at least 12 of the last 30 days),
        // and reports a day ago
        for (int day = 1; day <= 12; day++) {
            history.event("session", DAY.multipliedBy(day), Map.of("user_id", "u1", "duration_seconds", 60));
        }
        history.event("feature_used", DAY, Map.of("feature", "reports", "user_id", "u1"))
                // u2: one session 20 days ago (active in 30 days, none in the last 14: at risk)
                .event("session", DAY.multipliedBy(20), Map.of("user_id", "u2"))
                // u3: one feature use 40 days ago (the previous 30 days; at risk)
                .event("feature_used", DAY.multipliedBy(40), Map.of("feature", "api", "user_id", "u3"))
                // u4: three features 2 days ago; a numeric user id is the same person as its text
                .event("feature_used", DAY.multipliedBy(2), Map.of("feature", "reports", "user_id", 4))
                .event("feature_used", DAY.multipliedBy(2), Map.of("feature", "api", "user_id", "4"))
                .event("login", DAY.multipliedBy(2), Map.of("user_id", "4"))
                .event("feature_used", DAY.multipliedBy(2), Map.of("feature", "exports", "user_id", "4"))
                // no user id: not a person
                .event("session", DAY, Map.of("duration_seconds", 60))
                .applyWith(applier);

        viewer().get("/api/v1/customers/" + people + "/usage")
                .then()
                .statusCode(200)
                // u1 and 4 in the last 7 days; u1, u2 and 4 in 30; u3 in the 30 before
                .body("users.last7Days", equalTo(2))
                .body("users.last30Days", equalTo(3))
                .body("users.previous30Days", equalTo(1))
                .body("users.powerUsers", equalTo(1))
                .body("users.atRiskUsers", equalTo(2))
                // features per user active in 30 days: u1 1, u2 0, 4 3 → 4 / 3
                .body("users.featuresPerUser", equalTo(1.33f))
                // 12 days of u1 (day 2 also 4: 2 people), day 20 (u2), day 40 (u3)
                .body("users.daily", hasSize(14))
                .body("users.daily[1].users", equalTo(2))
                .body(
                        "users.daily[0].date",
                        equalTo(Instant.now().minus(DAY).toString().substring(0, 10)));
    }

    @Test
    void sales() {
        viewer().get("/api/v1/customers/" + customer + "/sales")
                .then()
                .statusCode(200)
                .body("openDeals", equalTo(2))
                .body("pipelineValue", equalTo(30000))
                .body("openByStage.proposal", equalTo(1))
                .body("openByStage.discovery", equalTo(1))
                .body("deals.find { it.id == 'd3' }.status", equalTo("lost"))
                .body("pendingQuotes.id", contains("q1"));
    }

    @Test
    void security() {
        viewer().get("/api/v1/customers/" + customer + "/security")
                .then()
                .statusCode(200)
                .body("mfaEnabled", equalTo(true))
                // switched off 9 days ago, after it was switched on 50 days ago: the newer event wins
                .body("ssoEnabled", equalTo(false))
                .body("ssoProvider", equalTo("okta"))
                .body("failedLoginsLast30Days", equalTo(2))
                .body("suspiciousActivitiesLast30Days", equalTo(1))
                .body("recentSuspiciousActivities[0].severity", equalTo("high"));
    }

    @Test
    void contacts() {
        viewer().get("/api/v1/customers/" + customer + "/contacts")
                .then()
                .statusCode(200)
                .body("activeContacts", equalTo(1))
                .body("champions", hasSize(0))
                .body("executiveSponsors.name", contains("Bo"))
                .body("executiveSponsors[0].lastActivityType", equalTo("email_reply"))
                .body("departedKeyContacts.name", contains("Ann"));
    }

    @Test
    void successWorkOrdersAndKnowledge() {
        viewer().get("/api/v1/customers/" + customer + "/success")
                .then()
                .statusCode(200)
                .body("milestonesCompleted", equalTo(1))
                .body("milestonesAtRisk", equalTo(1))
                .body("healthEvents[0].signal", equalTo("champion_left"))
                .body("healthEvents[0].score", equalTo(42));
        viewer().get("/api/v1/customers/" + customer + "/work-orders")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].status", equalTo("completed"))
                .body("items[0].cost", equalTo(49))
                .body("items[0].priority", equalTo("P3"));
        viewer().get("/api/v1/customers/" + customer + "/knowledge")
                .then()
                .statusCode(200)
                .body("items.id", contains("T4"))
                .body("items[0].kind", equalTo("knowledge"))
                .body("items[0].content", equalTo("CSV export times out"));
    }

    @Test
    void emptySectionsSayNullNotZeroForWhatNobodyReported() {
        String empty = Fixtures.unique("empty_");
        Fixtures.customer(ACME, empty)
                .event("contact", DAY, Map.of("title", "hello"))
                .applyWith(applier);

        viewer().get("/api/v1/customers/" + empty + "/subscription")
                .then()
                .statusCode(200)
                .body("subscription", nullValue())
                .body("billing.mrr", nullValue())
                .body("billing.arrSource", nullValue())
                .body("seats.utilization", nullValue());
        viewer().get("/api/v1/customers/" + empty + "/security")
                .then()
                .statusCode(200)
                .body("mfaEnabled", nullValue())
                .body("failedLoginsLast30Days", equalTo(0));
        viewer().get("/api/v1/customers/" + empty + "/engagement")
                .then()
                .statusCode(200)
                .body("nps.latest", nullValue())
                .body("loginTrend", nullValue());
    }
}
