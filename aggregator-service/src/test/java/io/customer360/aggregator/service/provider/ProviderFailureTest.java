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
import java.util.Map;
import java.util.UUID;
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
            return Map.of("test.failing-provider", "true",
                    "aggregator.agents.assistant", "customer_intelligence,subscription_details,support_history,engagement_metrics,"
                            + "feature_usage,sales_pipeline,security_context,enrichment,failing_test_provider,account_health",
                    "aggregator.providers.budgets.enrichment", "250ms",
                    // the shortest budget: an input of the insights that cannot answer in time (an HTTP call and queries)
                    "aggregator.providers.budgets.sales_pipeline", "1ms");
        }
    }

    @Inject
    Pool pool;

    @Test
    void hangingAndFailingProvidersGiveAPartialViewNotAFailedOne() {
        String customer = "partial_" + UUID.randomUUID().toString().substring(0, 8);
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer).then().statusCode(200));

        given().auth().oauth2(token(ACME, Roles.VIEWER)).get("/api/v1/customer-360/" + customer).then().statusCode(200)
                .body("accountProfile.name", equalTo("John Smith"))
                .body("providers.enrichment.status", equalTo("timed_out"))
                .body("providers.enrichment.reason", containsString("250 ms budget"))
                .body("sections.enrichment.status", equalTo("unavailable"))
                .body("enrichment", nullValue())
                .body("providers.failing_test_provider.status", equalTo("failed"))
                .body("providers.failing_test_provider.reason", equalTo("the provider failed"))
                .body("providers.sales_pipeline.status", equalTo("timed_out"))
                .body("sections.salesPipeline.status", equalTo("unavailable"))
                .body("providers.support_history.status", equalTo("ok"))
                .body("supportSummary", notNullValue())
                .body("healthSummary", notNullValue());

        // conclusions from partial evidence are neither stored nor published
        assertThat(pool.preparedQuery("SELECT count(*) FROM account_states WHERE customer_id = $1")
                .execute(Tuple.of(customer)).await().indefinitely().iterator().next().getLong(0)).isZero();
        given().get("/q/health/group/context-providers").then().statusCode(200)
                .body("checks[0].data.failing_test_provider", containsString("failed"));
    }
}
