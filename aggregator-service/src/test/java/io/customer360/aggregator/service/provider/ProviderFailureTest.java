package io.customer360.aggregator.service.provider;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.aggregator.testing.HangingServer;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A provider that hangs (enrichment-service accepting but never answering), one that fails and one that cannot meet
 * its budget: the view still answers, with those sections marked unavailable and the reasons given, and records
 * nothing (health, actions, exit state) from evidence missing one of the insights' inputs.
 */
@QuarkusTest
@TestProfile(ProviderFailureTest.HangingAndFailing.class)
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(HangingServer.class)
class ProviderFailureTest {

    public static class HangingAndFailing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "test.failing-provider",
                    "true",
                    "aggregator.agents.assistant",
                    "customer_intelligence,subscription_details,support_history,engagement_metrics,"
                            + "feature_usage,sales_pipeline,security_context,enrichment,failing_test_provider,account_health",
                    "aggregator.providers.budgets.enrichment",
                    "250ms",
                    // the shortest budget: an input of the insights that cannot answer in time. It also bounds the
                    // view's one call to profile-service before the providers run (the existence check), so the
                    // other providers still get their parts of it, later, within their own budgets
                    "aggregator.providers.budgets.customer_intelligence",
                    "1ms");
        }
    }

    @Inject
    Pool pool;

    @Test
    void hangingAndFailingProvidersGiveAPartialViewNotAFailedOne() {
        String customer = "partial_" + UUID.randomUUID().toString().substring(0, 8);
        ProfileServiceResource.seedPurchase(customer);
        knownToProfileService(customer);

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .body("providers.customer_intelligence.status", equalTo("timed_out"))
                .body("providers.customer_intelligence.reason", containsString("1 ms budget"))
                .body("sections.accountProfile.status", equalTo("unavailable"))
                .body("providers.enrichment.status", equalTo("timed_out"))
                .body("providers.enrichment.reason", containsString("250 ms budget"))
                .body("sections.enrichment.status", equalTo("unavailable"))
                .body("enrichment", nullValue())
                .body("providers.failing_test_provider.status", equalTo("failed"))
                .body("providers.failing_test_provider.reason", equalTo("the provider failed"))
                .body("providers.sales_pipeline.status", equalTo("ok"))
                .body("providers.support_history.status", equalTo("ok"))
                .body("supportSummary", notNullValue());

        // conclusions from partial evidence are neither stored nor published
        assertThat(pool.preparedQuery("SELECT count(*) FROM account_states WHERE customer_id = $1")
                        .execute(Tuple.of(customer))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
        given().get("/q/health/group/context-providers")
                .then()
                .statusCode(200)
                .body("checks[0].data.failing_test_provider", containsString("failed"));
    }

    @Test
    void eachFailedOrLateProviderIsLoggedOnceWithItsReasonAndDurationButNoCustomerData() {
        String customer = "logged_" + UUID.randomUUID().toString().substring(0, 8);
        ProfileServiceResource.seedPurchase(customer);
        knownToProfileService(customer);

        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(((ExtLogRecord) record).getFormattedMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ContextFanOut.class.getName());
        logger.addHandler(capture);
        Map<String, Map<String, Object>> providers;
        try {
            providers = given().auth()
                    .oauth2(token(ACME, Roles.VIEWER))
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("providers");
        } finally {
            logger.removeHandler(capture);
        }

        List<String> ours = lines.stream()
                .filter(line -> line.endsWith(" customerId=" + customer))
                .toList();
        // one line per provider that failed or ran late in this view (a busy machine may add one past its budget),
        // none for those that answered
        assertThat(providers)
                .containsKeys("failing_test_provider", "enrichment", "customer_intelligence", "sales_pipeline");
        providers.forEach((provider, report) -> {
            boolean failed = report.get("status").equals("failed")
                    || report.get("status").equals("timed_out");
            assertThat(ours)
                    .as(provider + " " + report.get("status"))
                    .filteredOn(line -> line.contains(" provider=" + provider + " "))
                    .hasSize(failed ? 1 : 0);
        });
        assertThat(ours)
                .filteredOn(line -> line.contains("provider=failing_test_provider "))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .matches("Context provider failed: provider=failing_test_provider outcome=failed "
                                + "reason=\"java.lang.IllegalStateException\" durationMs=\\d+ tenant=acme customerId="
                                + customer));
        assertThat(ours)
                .filteredOn(line -> line.contains("provider=enrichment "))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line)
                            .contains("outcome=timed_out reason=\"timeout after the 250 ms budget\"", "tenant=acme");
                    // it answered nothing within its budget, so it was given at least that long
                    assertThat(Long.parseLong(line.replaceAll(".* durationMs=(\\d+) .*", "$1")))
                            .isGreaterThanOrEqualTo(250);
                });
        assertThat(ours)
                .filteredOn(line -> line.contains("provider=customer_intelligence "))
                .singleElement()
                .satisfies(line ->
                        assertThat(line).contains("outcome=timed_out reason=\"timeout after the 1 ms budget\""));
        // the customer's name and email (in the profile it was built from) and the exception's message are not logged
        assertThat(lines)
                .noneMatch(
                        line -> line.contains("John") || line.contains("john.smith") || line.contains("always fails"));
    }

    /**
     * Waits until profile-service knows the seeded customer (it arrives through NATS): the view is then 200 with the
     * support history read from profile-service, though the profile provider itself runs late.
     */
    private static void knownToProfileService(String customer) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customer-360/" + customer)
                        .then()
                        .statusCode(200)
                        .body("providers.support_history.status", equalTo("ok")));
    }
}
