package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.aggregator.testing.ViewSchemas;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ErrorBodies;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 360 view of a troubled account seeded into the real profile-service: the seed's format (validated against its
 * JSON Schema), health, risks with their evidence, exit state, actions, narrative, redaction per role, agents and
 * focus, the context pack and the access audit.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class Customer360ViewTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RISKY = "risky_" + UUID.randomUUID().toString().substring(0, 8);
    private static final String MINIMAL =
            "minimal_" + UUID.randomUUID().toString().substring(0, 8);
    private static Map<String, String> events;

    @Inject
    Pool pool;

    @BeforeEach
    void seedOnce() throws Exception {
        if (events != null) {
            return;
        }
        try (ProfileSeed seed = new ProfileSeed("acme", RISKY)) {
            events = new java.util.HashMap<>();
            seed.event(
                    "profile_update",
                    Duration.ofDays(400),
                    Map.of(
                            "customer_name",
                            "Initech",
                            "industry",
                            "Financial Services",
                            "account_owner",
                            "Sarah Chen",
                            "lifecycle_stage",
                            "adoption"));
            seed.event("segment_joined", Duration.ofDays(399), Map.of("segment_name", "Enterprise"));
            events.put(
                    "subscription",
                    seed.event(
                            "subscription_created",
                            Duration.ofDays(300),
                            Map.of(
                                    "subscription_id",
                                    "sub_1",
                                    "plan",
                                    "Enterprise",
                                    "billing_cycle",
                                    "annual",
                                    "arr",
                                    180000,
                                    "seats_total",
                                    50,
                                    "seats_used",
                                    49,
                                    "renewal_date",
                                    seed.date(60),
                                    "started_at",
                                    seed.date(-300),
                                    "features",
                                    List.of("sso", "api", "analytics", "automations"))));
            seed.event(
                    "ticket_opened",
                    Duration.ofDays(5),
                    Map.of(
                            "ticket_id",
                            "TKT-1",
                            "priority",
                            "high",
                            "category",
                            "integration",
                            "title",
                            "API rate limiting causing batch job failures"));
            events.put("escalation", seed.event("ticket_escalated", Duration.ofDays(4), Map.of("ticket_id", "TKT-1")));
            events.put(
                    "meeting",
                    seed.event(
                            "meeting_held",
                            Duration.ofDays(50),
                            Map.of("meeting_id", "m1", "meeting_type", "checkin")));
            seed.event(
                    "invoice_issued",
                    Duration.ofDays(70),
                    Map.of("invoice_id", "inv_1", "amount", 15000, "due_date", seed.date(-40)));
            events.put("overdue", seed.event("invoice_overdue", Duration.ofDays(35), Map.of("invoice_id", "inv_1")));
            for (int i = 0; i < 10; i++) {
                seed.event(
                        "session",
                        Duration.ofDays(35).plusHours(i),
                        Map.of("user_id", "u" + (i % 4), "duration_seconds", 600));
            }
            for (int i = 0; i < 3; i++) {
                events.put(
                        "session",
                        seed.event(
                                "session",
                                Duration.ofDays(5).plusHours(i),
                                Map.of("user_id", "u" + i, "duration_seconds", 300)));
            }
            seed.event("feature_used", Duration.ofDays(3), Map.of("feature", "reports", "user_id", "u1", "count", 3));
            seed.event("feature_used", Duration.ofDays(3), Map.of("feature", "api", "user_id", "u2", "count", 9));
            seed.event(
                    "note",
                    Duration.ofDays(2),
                    Map.of("note_id", "n1", "content", "CFO is evaluating a competitor", "sensitive", true));
            seed.event(
                    "note",
                    Duration.ofDays(1),
                    Map.of("note_id", "n2", "content", "Prefers email", "sensitive", false));
            events.put(
                    "champion",
                    seed.event(
                            "contact_added",
                            Duration.ofDays(60),
                            Map.of(
                                    "contact_id",
                                    "c1",
                                    "contact_name",
                                    "David Kim",
                                    "job_title",
                                    "Director of Analytics",
                                    "role",
                                    "champion")));
            seed.event("nps_response", Duration.ofDays(20), Map.of("score", 6));
        }
        ProfileServiceResource.seedPurchase(MINIMAL);
        // the last event of each customer is visible once the profile answers with it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth()
                    .oauth2(token(ACME, Roles.VIEWER))
                    .get("/api/v1/customer-360/" + MINIMAL)
                    .then()
                    .statusCode(200);
            JsonPath view = view(token(ACME, Roles.VIEWER), RISKY, "");
            assertThat(view.getInt("engagementSummary.npsScore")).isEqualTo(6);
            assertThat(view.getList("keyNotes")).hasSize(2);
            assertThat(view.getList("usageSummary.topFeatures")).hasSize(2);
        });
    }

    private static JsonPath view(String token, String id, String query) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/customer-360/" + id + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aVisibilityRuleWithholdsTheCommercialPartsOfARestrictedAccountFromCallersWithoutItsRole() {
        String customer = "restricted_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event("segment_joined", Duration.ofDays(30), Map.of("segment_name", "restricted"));
            seed.event(
                    "subscription_created",
                    Duration.ofDays(20),
                    Map.of(
                            "plan",
                            "Enterprise",
                            "arr",
                            500000,
                            "seats_total",
                            100,
                            "seats_used",
                            90,
                            "renewal_date",
                            seed.date(200)));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER, Roles.BILLING_READER))
                        .get("/api/v1/customer-360/" + customer)
                        .then()
                        .statusCode(200)
                        .body("commercialSummary.arr", notNullValue()));

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .body("accountProfile.segment", equalTo("restricted"))
                .body("$", hasKey("commercialSummary"))
                .body("commercialSummary", nullValue())
                .body("$", hasKey("salesPipeline"))
                .body("salesPipeline", nullValue())
                .body("sections.commercialSummary.status", equalTo("withheld"))
                .body("guardrails.redactions", hasItem("visibility:restricted-commercial"))
                .body("supportSummary", notNullValue())
                .body("usageSummary", notNullValue());
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.BILLING_READER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .body("commercialSummary.arr", notNullValue())
                .body("sections.commercialSummary.status", org.hamcrest.Matchers.not(equalTo("withheld")))
                .body("guardrails.redactions", org.hamcrest.Matchers.not(hasItem("visibility:restricted-commercial")));
    }

    @Test
    void viewIsValidAgainstTheSeedSchemaAndTheViewSectionsSchema() {
        for (String customer : List.of(RISKY, MINIMAL)) {
            String body = given().auth()
                    .oauth2(token(ACME, Roles.VIEWER))
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .contentType("application/json")
                    .extract()
                    .asString();
            ViewSchemas.assertValid(body);
        }
    }

    @Test
    void aViewWithEveryExtraSectionFilledIsValidAgainstTheSchemas() throws Exception {
        // every list of successPlan, salesPipeline, securitySummary and keyNotes holds an entry, so each entry's
        // shape is checked against the one the OpenAPI document publishes
        String customer = "filled_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event("profile_update", Duration.ofDays(100), Map.of("customer_name", "Hooli"));
            seed.event(
                    "milestone_added",
                    Duration.ofDays(40),
                    Map.of("milestone_id", "ms1", "name", "Go-live", "due_date", seed.date(20), "owner", "Sarah Chen"));
            seed.event("milestone_at_risk", Duration.ofDays(30), Map.of("milestone_id", "ms2", "name", "Rollout"));
            seed.event(
                    "health_event",
                    Duration.ofDays(6),
                    Map.of("signal", "usage_drop", "severity", "high", "score", 42.5, "description", "Usage fell"));
            seed.event(
                    "deal_created",
                    Duration.ofDays(20),
                    Map.of(
                            "deal_id",
                            "d1",
                            "deal_name",
                            "Expansion",
                            "stage",
                            "proposal",
                            "amount",
                            12000,
                            "currency",
                            "USD",
                            "probability",
                            40,
                            "close_date",
                            seed.date(30),
                            "owner",
                            "Alex Ray"));
            seed.event(
                    "quote_sent",
                    Duration.ofDays(10),
                    Map.of("quote_id", "q1", "amount", 12000.5, "currency", "USD", "deal_id", "d1"));
            seed.event(
                    "sales_activity",
                    Duration.ofDays(9),
                    Map.of("activity_type", "demo", "rep", "Alex Ray", "title", "Analytics demo"));
            seed.event("feature_requested", Duration.ofDays(8), Map.of("feature", "audit logs"));
            seed.event("mfa_changed", Duration.ofDays(50), Map.of("enabled", true));
            seed.event("sso_changed", Duration.ofDays(50), Map.of("enabled", true, "provider", "okta"));
            seed.event("security_audit", Duration.ofDays(45), Map.of("compliance_score", 87.5, "passed", true));
            seed.event("login", Duration.ofDays(2), Map.of("user_id", "u1", "method", "sso"));
            seed.event("login_failed", Duration.ofDays(2), Map.of("user_id", "u1", "reason", "bad_password"));
            seed.event(
                    "suspicious_activity",
                    Duration.ofDays(1),
                    Map.of("severity", "high", "description", "Sign-in from a new country"));
            seed.event(
                    "note",
                    Duration.ofHours(2),
                    Map.of("note_id", "n1", "title", "Budget", "content", "Budget cut", "sensitive", true));
            seed.event(
                    "note",
                    Duration.ofHours(1),
                    Map.of("note_id", "n2", "content", "Likes demos", "category", "preference", "sensitive", false));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath view = view(token(ACME, Roles.VIEWER), customer, "");
            assertThat(view.getList("successPlan.items")).hasSize(2);
            assertThat(view.getList("successPlan.healthEvents")).hasSize(1);
            assertThat(view.getList("salesPipeline.deals")).hasSize(1);
            assertThat(view.getList("salesPipeline.pendingQuotes")).hasSize(1);
            assertThat(view.getList("salesPipeline.recentActivities")).hasSize(1);
            assertThat(view.getList("salesPipeline.featureRequests")).hasSize(1);
            assertThat(view.<Boolean>get("securitySummary.auditPassed")).isTrue();
            assertThat(view.getList("securitySummary.recentSuspiciousActivities"))
                    .hasSize(1);
            assertThat(view.getList("keyNotes")).hasSize(2);
        });
        // redacted for a viewer, shown to a caller with c360.sensitive: both as the schema says
        for (String caller : List.of(token(ACME, Roles.VIEWER), token(ACME, Roles.VIEWER, Roles.SENSITIVE))) {
            String body = given().auth()
                    .oauth2(caller)
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            ViewSchemas.assertValid(body);
        }
    }

    @Test
    void troubledAccountIsAtRiskWithItsRisksCitingTheirEvents() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(200)
                .body("accountId", equalTo(RISKY))
                .body("accountProfile.name", equalTo("Initech"))
                .body("accountProfile.segment", equalTo("Enterprise"))
                .body("accountProfile.industry", equalTo("Financial Services"))
                .body("accountProfile.arr", equalTo(180000))
                .body("accountProfile.csm", equalTo("Sarah Chen"))
                // usage 15, engagement 38, support 85, commercial 83, outcome without data: (450+950+1700+1245)/90
                .body("healthSummary.overallScore", equalTo(48))
                .body("healthSummary.dimensions.usage.score", equalTo(15))
                .body("healthSummary.dimensions.engagement.score", equalTo(38))
                .body("healthSummary.dimensions.support.score", equalTo(85))
                .body("healthSummary.dimensions.commercial.score", equalTo(83))
                .body("healthSummary.dimensions.outcome.score", nullValue())
                .body("healthSummary.completeness", equalTo(0.9f))
                .body("exitState", equalTo("at_risk"))
                .body("supportSummary.activeEscalation.ticketId", equalTo("TKT-1"))
                .body("supportSummary.activeEscalation.severity", equalTo("P2"))
                .body("commercialSummary.billing.status", equalTo("overdue"))
                .body("commercialSummary.expansion.seatUtilization", equalTo(0.98f))
                .body("engagementSummary.champion.name", equalTo("David Kim"))
                // never active: engagement unknown and flagged
                .body("engagementSummary.champion.engagement", nullValue())
                .body("engagementSummary.champion.riskFlag", equalTo(true))
                .body("engagementSummary.executiveSponsor", nullValue())
                // the newest response is the meeting 50 days ago
                .body("engagementSummary.responsiveness", equalTo("low"))
                .body("accountProfile.lifecycleStage", equalTo("adoption"))
                .body("accountProfile.ae", nullValue())
                .body("accountProfile.aeSource", nullValue())
                // people by id: u0–u3 35 days ago; u0, u1, u2 (sessions) 5 days ago, u1, u2 (features) 3 days ago
                .body("usageSummary.mau", equalTo(3))
                .body("usageSummary.previousMau", equalTo(4))
                .body("usageSummary.mauTrend", equalTo("declining"))
                .body("usageSummary.wau", equalTo(3))
                // (3 + 2) / 7 = 0.714; ÷ 3
                .body("usageSummary.dau", equalTo(0.71f))
                .body("usageSummary.dauWauRatio", equalTo(0.24f))
                // features per active user: u0 0, u1 1, u2 1 → 0.67, of 5 (2 used, 3 entitled unused)
                .body("usageSummary.usageDepth", equalTo(0.13f))
                .body("usageSummary.powerUsers", equalTo(0))
                // u3: active 35 days ago, not since
                .body("usageSummary.atRiskUsers", equalTo(1))
                .body("riskIndicators.type", hasItem("support_escalation"))
                .body(
                        "riskIndicators.find { it.type == 'support_escalation' }.evidenceEventIds",
                        hasItem(events.get("escalation")))
                .body(
                        "riskIndicators.find { it.type == 'payment_issue' }.evidenceEventIds",
                        hasItem(events.get("overdue")))
                .body(
                        "riskIndicators.find { it.type == 'engagement_drop' }.evidenceEventIds",
                        hasItem(events.get("meeting")))
                .body("riskIndicators.find { it.type == 'usage_decline' }.severity", equalTo("high"))
                .body("riskIndicators.find { it.type == 'champion_risk' }.basis", equalTo("inferred"))
                // renewal in 60 days, last meeting 50 days ago: strength 0.5 + 0.5 × (50 − 30) ÷ 30, recency 1, all
                // five inputs: 0.83
                .body("riskIndicators.find { it.type == 'contract_concern' }.confidence", equalTo(0.83f))
                // 49 of 50 seats, 3 active users: demand 49, ⌊49 ÷ 0.9 = 54.4⌋ + 1 − 50 = 5 seats × 3,600 a seat
                // (180,000 ÷ 50) = 18,000
                .body("opportunities.find { it.type == 'expansion' }.value", equalTo(18000.0f))
                .body("opportunities.find { it.type == 'expansion' }.evidence.seatsNeeded", equalTo(5))
                .body("recommendedActions.size()", lessThanOrEqualTo(5))
                .body("recommendedActions.owner", everyItem(notNullValue()))
                .body("recommendedActions.dueDate", everyItem(notNullValue()))
                .body("recommendedActions.skillTrigger", hasItem("customer_success/risk_mitigation_playbook"))
                .body(
                        "keyNarrative",
                        org.hamcrest.Matchers.startsWith(
                                "Initech is a 1-year Enterprise customer ($180K ARR) with a health score of 48"))
                .body("narrativeEvidence.size()", equalTo(3))
                // the newest ticket change is 4 days old: older than the seed's 24 h for support data
                .body("sections.supportSummary.status", equalTo("stale"))
                .body("sections.supportSummary.stale", equalTo(true))
                .body("sections.commercialSummary.status", equalTo("stale"))
                // no account executive (so no aeSource) and no contract end known: 3 of 10 fields, more than 20 %
                // missing
                .body("sections.accountProfile.status", equalTo("partial"))
                .body("sections.accountProfile.missingShare", equalTo(0.3f))
                .body("guardrails.incompleteSections", hasItem("accountProfile"))
                .body("sections.supportSummary.source", hasItem("profile-service"))
                .body("guardrails.minimumDataMet", equalTo(true))
                .body("providers.support_history.status", equalTo("ok"));
    }

    @Test
    void customerWithLittleDataHasNullsNotInventions() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + MINIMAL)
                .then()
                .statusCode(200)
                .body("accountProfile.name", equalTo("John Smith"))
                .body("accountProfile.customerSince", equalTo("2024-12-14"))
                .body("accountProfile", hasKey("arr"))
                .body("accountProfile.arr", nullValue())
                .body("healthSummary.overallScore", nullValue())
                .body("healthSummary.trend", equalTo("unknown"))
                .body("sections.healthSummary.status", equalTo("unavailable"))
                .body("$", hasKey("exitState"))
                .body("exitState", nullValue())
                .body("riskIndicators.size()", equalTo(0))
                // nobody active and nobody seen by id: zero where counted, null where not measurable
                .body("usageSummary.mau", equalTo(0))
                .body("usageSummary.mauTrend", nullValue())
                .body("usageSummary.dauWauRatio", nullValue())
                .body("usageSummary.usageDepth", nullValue())
                .body("usageSummary.powerUsers", nullValue())
                .body("usageSummary.atRiskUsers", nullValue())
                .body("engagementSummary.responsiveness", nullValue())
                .body("guardrails.minimumDataMet", equalTo(false))
                .body("guardrails.missingRequired", hasItem("usage"));
    }

    @Test
    void sensitiveNotesAreRedactedUnlessTheCallerMaySeeThem() {
        JsonPath viewer = view(token(ACME, Roles.VIEWER), RISKY, "");
        assertThat(viewer.getString("keyNotes.find { it.id == 'n1' }.content")).isNull();
        assertThat(viewer.getBoolean("keyNotes.find { it.id == 'n1' }.redacted"))
                .isTrue();
        assertThat(viewer.getString("keyNotes.find { it.id == 'n2' }.content")).isEqualTo("Prefers email");
        assertThat(viewer.getList("guardrails.redactions")).containsExactly("notes:1");
        JsonPath sensitive = view(token(ACME, Roles.VIEWER, Roles.SENSITIVE), RISKY, "");
        assertThat(sensitive.getString("keyNotes.find { it.id == 'n1' }.content"))
                .isEqualTo("CFO is evaluating a competitor");
        assertThat(sensitive.getList("guardrails.redactions")).isEmpty();
        String pack = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(pack).contains("[redacted: sensitive note]").doesNotContain("competitor");
    }

    @Test
    void agentTypeChoosesProvidersAndScopesActions() {
        JsonPath billing = view(token(ACME, Roles.VIEWER), RISKY, "?agent=billing");
        assertThat(billing.getString("agent")).isEqualTo("billing");
        assertThat(billing.getString("sections.engagementSummary.status")).isEqualTo("not_requested");
        assertThat((Object) billing.get("engagementSummary")).isNull();
        assertThat(billing.getList("recommendedActions.owner", String.class))
                .isNotEmpty()
                .allMatch(owner -> owner.equals("Billing"));
        assertThat(billing.getMap("providers")).doesNotContainKey("engagement_metrics");
        JsonPath support = view(token(ACME, Roles.VIEWER), RISKY, "?agent=support&focus=support");
        assertThat(support.getString("recommendedActions[0].action")).isEqualTo("Resolve the active escalation");
        assertThat(support.getString("recommendedActions[0].skillTrigger"))
                .isEqualTo("support_ops/escalation_predictor");
    }

    @Test
    void focusMovesItsActionsFirst() {
        JsonPath renewal = view(token(ACME, Roles.VIEWER), RISKY, "?focus=renewal");
        assertThat(renewal.getString("focus")).isEqualTo("renewal");
        assertThat(renewal.getString("recommendedActions[0].action"))
                .isEqualTo("Hold a renewal review with the decision makers");
    }

    @Test
    void unknownAgentOrFocusIsA400NamingTheField() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "?agent=wizard")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("agent"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "?focus=everything")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("focus"));
        // an id that cannot be a customer's is not found, like a missing one
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/a.b")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void contextPackRanksRisksFirstAndFitsTheBudget() throws Exception {
        String markdown = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context?maxTokens=200")
                .then()
                .statusCode(200)
                .contentType("text/markdown")
                .extract()
                .asString();
        assertThat((markdown.length() + 3) / 4).isLessThanOrEqualTo(200);
        assertThat(markdown).contains("exit state at_risk").contains("Risk ");
        assertThat(markdown.indexOf("Risk "))
                .isLessThan(markdown.contains("Action ") ? markdown.indexOf("Action ") : Integer.MAX_VALUE);
        String json = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context?format=json&maxTokens=4000")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        JsonNode pack = JSON.readTree(json);
        assertThat((json.length() + 3) / 4).isLessThanOrEqualTo(4000);
        assertThat(pack.path("items").get(0).path("kind").asText()).isEqualTo("summary");
        assertThat(pack.path("items").get(1).path("kind").asText()).isEqualTo("risk");
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context?maxTokens=lots")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("maxTokens"));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context?format=xml")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations[0].field", equalTo("format"));
    }

    @Test
    void anotherTenantsCustomerIs404() {
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/not-found"));
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY + "/context")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void withoutTokenIs401AndWithoutViewerRoleIs403() {
        given().get("/api/v1/customer-360/" + RISKY).then().statusCode(401).contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void refusalsNameNoInternals() {
        // issue 19: a 401 of /mcp named io.quarkus.security.AuthenticationFailedException
        for (String bearer : ErrorBodies.refusedBearers(ACME, Roles.VIEWER)) {
            for (String path : List.of(
                    "/api/v1/customer-360/" + RISKY,
                    "/api/v1/customer-360/" + RISKY + "/context",
                    "/api/v1/views/stream")) {
                String body = withBearer(given(), bearer)
                        .get(path)
                        .then()
                        .statusCode(401)
                        .contentType(PROBLEM_JSON)
                        .header("WWW-Authenticate", startsWith("Bearer"))
                        .body("type", equalTo("https://customer360.io/problems/unauthorized"))
                        .extract()
                        .asString();
                ErrorBodies.assertNamesNoInternals(body);
            }
            String body = withBearer(mcp(), bearer)
                    .body(MCP_INITIALIZE)
                    .post("/mcp")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://customer360.io/problems/unauthorized"))
                    .extract()
                    .asString();
            ErrorBodies.assertNamesNoInternals(body);
        }
        String forbidden = given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("https://customer360.io/problems/forbidden"))
                .extract()
                .asString();
        ErrorBodies.assertNamesNoInternals(forbidden);

        // a valid token without c360.viewer: the MCP security error says which role is missing, not which exception
        String billing = token(ACME, Roles.BILLING_READER);
        io.restassured.response.Response initialized =
                mcp().auth().oauth2(billing).body(MCP_INITIALIZE).post("/mcp");
        initialized.then().statusCode(200);
        String session = initialized.header("Mcp-Session-Id");
        RequestSpecification call = mcp().auth().oauth2(billing);
        if (session != null) {
            call.header("Mcp-Session-Id", session);
        }
        String refused = call.body("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search_customers","arguments":{"query":"acme"}}}""").post("/mcp").then().extract().asString();
        assertThat(refused).contains("-32001").contains(Roles.VIEWER);
        ErrorBodies.assertNamesNoInternals(refused);
    }

    @Test
    void callsToProfileAndEnrichmentGoThroughABulkheadAndATimeout() {
        // issue 19: every outbound call has a timeout and a bulkhead; SmallRye Fault Tolerance counts what it guards
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        // the method tag names the client interface (or its generated bean) and the method
        for (String method : List.of("ProfileApi[^\"]*\\.sections", "EnrichmentApi[^\"]*\\.cached")) {
            assertThat(metrics)
                    .as(method)
                    .containsPattern("ft_bulkhead_calls_total\\{[^}]*method=\"[^\"]*" + method + "\"");
            assertThat(metrics)
                    .as(method)
                    .containsPattern("ft_timeout_calls_total\\{[^}]*method=\"[^\"]*" + method + "\"");
        }
    }

    @Test
    void aViewReadsProfileServiceInOneCall() {
        // issue 20: the customer and every part the providers read come from GET /customers/{id}/sections, once per
        // view; no section endpoint of its own is called (a background rescoring could only add sections calls)
        String customer = "onecall_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ownEndpoints = List.of(
                "customer",
                "subscription",
                "support",
                "engagement",
                "usage",
                "sales",
                "security",
                "contacts",
                "success",
                "notes");
        String before = metrics();
        ProfileServiceResource.seedPurchase(customer);
        int[] views = new int[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            views[0]++;
            given().auth()
                    .oauth2(token(ACME, Roles.VIEWER))
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .body("accountProfile.name", equalTo("John Smith"));
        });
        String after = metrics();
        // every attempt (404 while the seed travels, then the first, uncached view) called it once
        assertThat(profileCalls(after, "sections") - profileCalls(before, "sections"))
                .isGreaterThanOrEqualTo(views[0]);
        for (String endpoint : ownEndpoints) {
            assertThat(profileCalls(after, endpoint)).as(endpoint).isEqualTo(profileCalls(before, endpoint));
        }
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Calls of one ProfileApi method so far, as SmallRye Fault Tolerance counted them (answered or failed). */
    private static long profileCalls(String metrics, String method) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^ft_invocations_total\\{[^}]*method=\"[^\"]*ProfileApi[^\"]*\\." + method
                                + "\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        long calls = 0;
        while (line.find()) {
            calls += (long) Double.parseDouble(line.group(1));
        }
        return calls;
    }

    private static final String MCP_INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"refusals","version":"1"}}}""";

    private static RequestSpecification mcp() {
        return given().contentType("application/json").accept("application/json, text/event-stream");
    }

    private static RequestSpecification withBearer(RequestSpecification request, String bearer) {
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    @Test
    void everyAccessIsAuditedWithPurposeAgentAndRedactions() {
        String purpose = "renewal prep " + UUID.randomUUID();
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .header("X-Purpose", purpose)
                .get("/api/v1/customer-360/" + RISKY + "?agent=success")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .header("X-Purpose", purpose)
                .get("/api/v1/customer-360/" + RISKY + "/context")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .header("X-Purpose", purpose)
                .get("/api/v1/customer-360/" + RISKY)
                .then()
                .statusCode(404);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.preparedQuery("""
                        SELECT tenant, channel, agent, status, redactions FROM access_audit WHERE purpose = $1 ORDER BY id""")
                                .execute(Tuple.of(purpose))
                                .await()
                                .indefinitely())
                        .extracting(r -> r.getString("tenant") + ":" + r.getString("channel") + ":"
                                + r.getString("agent") + ":" + r.getInteger("status") + ":" + r.getString("redactions"))
                        .containsExactlyInAnyOrder(
                                "acme:rest:success:200:notes:1",
                                "acme:context:assistant:200:notes:1",
                                "globex:rest:assistant:404:null"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.ADMIN))
                        .queryParam("customerId", RISKY)
                        .get("/api/v1/views/audit")
                        .then()
                        .statusCode(200)
                        .body("items.purpose", hasItem(purpose))
                        .body("items.tenant", everyItem(nullValue())));
        // globex's admin sees globex's own (failed) attempt only, never acme's accesses
        given().auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .queryParam("customerId", RISKY)
                .get("/api/v1/views/audit")
                .then()
                .statusCode(200)
                .body("items.status", everyItem(equalTo(404)));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/views/audit")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .queryParam("cursor", "nonsense")
                .get("/api/v1/views/audit")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("cursor"));
    }
}
