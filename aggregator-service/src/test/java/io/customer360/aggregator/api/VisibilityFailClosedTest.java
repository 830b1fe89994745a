package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The visibility rules fail closed: customer_intelligence cannot answer within its budget, so the account's segments
 * are unknown, and the test rule (restricted-commercial) withholds the commercial parts of an account that is in no
 * restricted segment at all from a viewer, while a billing reader sees them. With the view cache on, each caller gets
 * the view of its own decision: the partial view cached for one is never served to the other.
 */
@QuarkusTest
@TestProfile(VisibilityFailClosedTest.ProfileUnanswered.class)
@WithTestResource(ProfileServiceResource.class)
class VisibilityFailClosedTest {

    public static class ProfileUnanswered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // an HTTP call with two more in parallel cannot answer in 1 ms: the profile (and its segments) time out
            return Map.of(
                    "aggregator.providers.budgets.customer_intelligence", "1ms", "aggregator.cache.enabled", "true");
        }
    }

    @Test
    void unknownSegmentsWithholdTheRestrictedPartsFromCallersWithoutTheRole() throws Exception {
        String customer = "failclosed_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event(
                    "subscription_created",
                    Duration.ofDays(20),
                    Map.of(
                            "plan",
                            "Pro",
                            "arr",
                            24000,
                            "seats_total",
                            10,
                            "seats_used",
                            9,
                            "renewal_date",
                            seed.date(100)));
            seed.event(
                    "deal_created", Duration.ofDays(5), Map.of("deal_id", "d_fc", "amount", 5000, "stage", "proposal"));
        }
        String reader = token(ACME, Roles.VIEWER, Roles.BILLING_READER);
        String viewer = token(ACME, Roles.VIEWER);
        // the billing reader first: its view (cached) must not reach the viewer
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(reader)
                        .get("/api/v1/customer-360/" + customer)
                        .then()
                        .statusCode(200)
                        .body("providers.customer_intelligence.status", equalTo("timed_out"))
                        .body("commercialSummary.arr", notNullValue())
                        .body("salesPipeline.openDeals", equalTo(1)));

        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(viewer)
                    .get("/api/v1/customer-360/" + customer)
                    .then()
                    .statusCode(200)
                    .body("accountProfile", nullValue())
                    .body("commercialSummary", nullValue())
                    .body("salesPipeline", nullValue())
                    .body("sections.commercialSummary.status", equalTo("withheld"))
                    .body("sections.commercialSummary.reason", containsString("segments are unknown"))
                    .body("guardrails.redactions", hasItem("visibility:restricted-commercial"))
                    .body("supportSummary", notNullValue());
        }
        given().auth()
                .oauth2(reader)
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .body("commercialSummary.arr", notNullValue())
                .body("guardrails.redactions", not(hasItem("visibility:restricted-commercial")));
    }
}
