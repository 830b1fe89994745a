package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.common.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With profile-service unreachable, the 360 answers a 503 problem that names it, never a 404 "missing customer". */
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
    void profileServiceDownIs503Problem() {
        given().auth().oauth2(token(ACME, Roles.VIEWER)).get("/api/v1/customer-360/cust_001")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://customer360.io/problems/upstream-unavailable"))
                .body("detail", containsString("profile-service"));
    }
}
