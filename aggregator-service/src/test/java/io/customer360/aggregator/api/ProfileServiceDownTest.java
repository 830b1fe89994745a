package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With profile-service unreachable, the 360 still answers: a degraded view whose profile sections are unavailable with
 * the reason, nothing scored from missing data; never a 404 "missing customer" and never a failed request.
 */
@QuarkusTest
@TestProfile(ProfileServiceDownTest.NothingListens.class)
@WithTestResource(OidcWiremockTestResource.class)
class ProfileServiceDownTest {

    /** Points the profile client at a port nothing listens on. */
    public static class NothingListens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.profile.url", "http://127.0.0.1:1");
        }
    }

    @Test
    void profileServiceDownIsADegradedViewNotAFailure() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/cust_001")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("accountId", equalTo("cust_001"))
                .body("sections.accountProfile.status", equalTo("unavailable"))
                .body("sections.supportSummary.status", equalTo("unavailable"))
                // the test profile's visibility rule fails closed: the segments are unknown, so a viewer's commercial
                // parts are withheld (a billing reader's are merely unavailable)
                .body("sections.commercialSummary.status", equalTo("withheld"))
                .body("sections.commercialSummary.reason", org.hamcrest.Matchers.containsString("segments are unknown"))
                .body("providers.customer_intelligence.status", equalTo("failed"))
                .body("providers.support_history.status", equalTo("failed"))
                .body("accountProfile", nullValue())
                .body("healthSummary.overallScore", nullValue())
                .body("exitState", nullValue())
                .body("riskIndicators", hasSize(0))
                .body("dataCompleteness", equalTo(0.0f));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.BILLING_READER))
                .get("/api/v1/customer-360/cust_001")
                .then()
                .statusCode(200)
                .body("sections.commercialSummary.status", equalTo("unavailable"));
    }
}
