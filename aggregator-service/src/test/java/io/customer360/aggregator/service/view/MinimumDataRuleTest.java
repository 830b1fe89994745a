package io.customer360.aggregator.service.view;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The seed's minimum data (account, usage, support) enforced (issue 21): a view without it is answered and says what is
 * missing and that nothing is published, and its exit state is neither published nor does it fire a skill; the same
 * account with usage is published and fires as before. Against the real profile-service, PostgreSQL and NATS.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class MinimumDataRuleTest {

    private static final String PREFIX = "test.aggregator.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_PUBLISHED =
            "minimum data missing (usage): no exit state is published and no skill is triggered from this view";

    @Inject
    Pool pool;

    @Test
    void anEscalatedAccountWithoutUsageIsNeitherPublishedNorTriggeredAndTheViewSaysWhy() throws Exception {
        String withoutUsage = "nousage_" + UUID.randomUUID().toString().substring(0, 8);
        String withUsage = "usage_" + UUID.randomUUID().toString().substring(0, 8);
        String purchaseOnly = "purchase_" + UUID.randomUUID().toString().substring(0, 8);
        String wentQuiet = "quiet_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            List<String> messages = new CopyOnWriteArrayList<>();
            Dispatcher dispatcher = nats.createDispatcher(message ->
                    messages.add(message.getSubject() + " " + new String(message.getData(), StandardCharsets.UTF_8)));
            for (String customer : List.of(withoutUsage, withUsage, purchaseOnly, wentQuiet)) {
                dispatcher.subscribe(PREFIX + "customer360.state.acme." + customer);
                dispatcher.subscribe(PREFIX + "customer360.triggers.acme." + customer);
            }
            nats.flush(Duration.ofSeconds(2));
            escalatedAccount(withoutUsage, false);
            escalatedAccount(withUsage, true);
            escalatedAccountThatWentQuiet(wentQuiet);
            ProfileServiceResource.seedPurchase(purchaseOnly);
            // every event in profile-service before the first view, so no view is built from a part of them
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> escalated(withoutUsage)
                            && escalated(withUsage)
                            && section(withUsage, "usage")
                                            .path("activeUsersLast30Days")
                                            .asInt()
                                    == 20
                            && section(withUsage, "usage").path("features").size() == 5
                            && escalated(wentQuiet)
                            && section(wentQuiet, "usage")
                                            .path("dailyActiveUsers")
                                            .size()
                                    == 1);

            // routed as ever (an open escalated P1), said to be unpublished, and recorded: stored, nothing else (the
            // first views after a start may be partial: their providers' clients are cold)
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> view(withoutUsage)
                            .body("exitState", equalTo("escalation_required"))
                            .body("guardrails.minimumDataMet", equalTo(false))
                            .body("guardrails.missingRequired", contains("usage"))
                            .body("guardrails.notPublished", equalTo(NOT_PUBLISHED)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> strings(
                                    "SELECT exit_state FROM account_states "
                                            + "WHERE tenant = 'acme' AND customer_id = $1",
                                    withoutUsage)
                            .equals(List.of("escalation_required")));

            // the same account with usage: published and triggered as before; its view says nothing is withheld
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> view(withUsage)
                            .body("exitState", equalTo("escalation_required"))
                            .body("usageSummary.mau", equalTo(20))
                            .body("guardrails.minimumDataMet", equalTo(true))
                            .body("guardrails.notPublished", nullValue()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.stream()
                            .anyMatch(m -> m.startsWith(PREFIX + "customer360.state.acme." + withUsage + " ")
                                    && m.contains("\"exitState\":\"escalation_required\"")));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.stream()
                            .anyMatch(m -> m.startsWith(PREFIX + "customer360.triggers.acme." + withUsage + " ")
                                    && m.contains("support_ops/escalation_predictor")));
            assertThat(strings(
                            "SELECT skill FROM skill_triggers WHERE tenant = 'acme' AND customer_id = $1", withUsage))
                    .containsExactly("support_ops/escalation_predictor");

            // an account whose only usage data is an old daily active users report has usage data: judged at risk (it
            // went quiet) and acted on, where counting it as "without usage" would have silenced it
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> view(wentQuiet)
                            .body("exitState", equalTo("at_risk"))
                            .body("guardrails.minimumDataMet", equalTo(true))
                            .body("guardrails.notPublished", nullValue()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.stream()
                            .anyMatch(m -> m.startsWith(PREFIX + "customer360.state.acme." + wentQuiet + " ")
                                    && m.contains("\"exitState\":\"at_risk\"")));

            // the account without usage was recorded before that one was built, through the same connection: nothing
            assertThat(messages).noneMatch(m -> m.contains("." + withoutUsage + " "));
            assertThat(strings(
                            "SELECT skill FROM skill_triggers WHERE tenant = 'acme' AND customer_id = $1",
                            withoutUsage))
                    .isEmpty();
            assertThat(strings(
                            "SELECT coalesce(published_state, 'none') FROM account_states WHERE tenant = 'acme' "
                                    + "AND customer_id = $1",
                            withoutUsage))
                    .containsExactly("none");

            // a customer known only from a purchase: no usage either, and the view says so
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> view(purchaseOnly)
                            .body("accountProfile.name", equalTo("John Smith"))
                            .body("guardrails.minimumDataMet", equalTo(false))
                            .body("guardrails.missingRequired", contains("usage"))
                            .body("guardrails.notPublished", containsString("minimum data missing (usage)")));
            assertThat(messages).noneMatch(m -> m.contains("." + purchaseOnly + " "));
            assertThat(strings(
                            "SELECT skill FROM skill_triggers WHERE tenant = 'acme' AND customer_id = $1",
                            purchaseOnly))
                    .isEmpty();
        }
    }

    /** A subscription and an open P1 ticket that was escalated; with {@code usage}, 20 active users of 20 seats. */
    private static void escalatedAccount(String customer, boolean usage) throws InterruptedException {
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
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
            if (usage) {
                seed.activeUsage(20);
            }
            escalation(seed);
        }
    }

    /**
     * The same account whose only usage data is a daily active users report of 75 days ago: it used the product and
     * went quiet, which is evidence to act on, not missing data.
     */
    private static void escalatedAccountThatWentQuiet(String customer) throws InterruptedException {
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
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
            seed.event("active_users", Duration.ofDays(75), Map.of("date", seed.date(-75), "count", 12));
            escalation(seed);
        }
    }

    /** An open P1 ticket that was escalated. */
    private static void escalation(ProfileSeed seed) {
        seed.event(
                "ticket_opened",
                Duration.ofDays(2),
                Map.of("ticket_id", "TKT-9", "priority", "urgent", "title", "Outage"));
        seed.event("ticket_escalated", Duration.ofDays(1), Map.of("ticket_id", "TKT-9"));
    }

    private static boolean escalated(String customer) throws Exception {
        return "active"
                        .equals(section(customer, "subscription")
                                .at("/subscription/status")
                                .asText())
                && section(customer, "support").path("openEscalations").asInt() == 1;
    }

    /** A section as profile-service answers it; empty until it knows the customer. */
    private static JsonNode section(String customer, String name) throws Exception {
        String body = given().baseUri(
                        ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class))
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/" + name)
                .then()
                .extract()
                .asString();
        return JSON.readTree(body.isEmpty() || !body.startsWith("{") ? "{}" : body);
    }

    private static ValidatableResponse view(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200);
    }

    private List<String> strings(String sql, String customer) {
        return pool.preparedQuery(sql).execute(Tuple.of(customer)).await().indefinitely().stream()
                .map(row -> row.getString(0))
                .toList();
    }
}
