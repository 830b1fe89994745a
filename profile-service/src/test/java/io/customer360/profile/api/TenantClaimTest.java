package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.tokenWithTenantClaim;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.common.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tenant comes from the token's tenant claim (common's TenantContext reads it from the parsed claims): a claim that
 * is not a JSON string naming one tenant is a 403 problem naming the claim, never a tenant made of its text (an array
 * holding "acme" is not acme, {@code true} is not a tenant called "true").
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TenantClaimTest {

    @Test
    void aTenantClaimThatIsNotOneTenantsNameIsForbidden() {
        List<Object> notTenants =
                List.of(List.of(ACME), Map.of("id", ACME), "ACME", "acme globex", "acme.*", "", 3.5, 42, true);
        for (Object claim : notTenants) {
            given().auth()
                    .oauth2(tokenWithTenantClaim(claim, Roles.VIEWER))
                    .get("/api/v1/customers")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://customer360.io/problems/forbidden"))
                    .body("detail", containsString("org_id"));
        }
    }

    @Test
    void theTenantClaimAsAStringNamesTheTenant() {
        given().auth()
                .oauth2(tokenWithTenantClaim(ACME, Roles.VIEWER))
                .get("/api/v1/customers")
                .then()
                .statusCode(200);
    }
}
