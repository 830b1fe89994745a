package io.customer360.common.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Access tokens signed with the key of Quarkus' OIDC test server, so {@code @QuarkusTest}s authenticate the way
 * production does (signature, issuer, expiry, roles and the tenant claim) without a real Keycloak.
 * Each service's test configuration sets {@code smallrye.jwt.sign.key.location=privateKey.jwk}.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String ACME = "acme";
    public static final String GLOBEX = "globex";
    /** The audience the services expect in tests ({@code %test.quarkus.oidc.token.audience}). */
    public static final String AUDIENCE = "https://service.example.com";

    private TestTokens() {}

    /** A valid token of {@code tenant} with {@code roles}. */
    public static String token(String tenant, String... roles) {
        return claims(ISSUER, AUDIENCE, tenant, roles)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
    }

    /** A correctly signed token whose lifetime ended an hour ago. */
    public static String expiredToken(String tenant, String... roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return claims(ISSUER, AUDIENCE, tenant, roles)
                .issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofHours(1)))
                .jws()
                .keyId("1")
                .sign();
    }

    /** A correctly signed token that names another issuer. */
    public static String foreignIssuerToken(String tenant, String... roles) {
        return claims("https://evil.example.com", AUDIENCE, tenant, roles)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
    }

    /** A correctly signed token of the right issuer, issued for another audience (another application). */
    public static String otherAudienceToken(String tenant, String... roles) {
        return claims(ISSUER, "https://other-app.example.com", tenant, roles)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
    }

    /** A valid token without the tenant claim. */
    public static String tokenWithoutTenant(String... roles) {
        return claims(ISSUER, AUDIENCE, null, roles)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
    }

    /** A valid token whose tenant claim holds VALUE as it is (a list, a number, any string: what a bad issuer might put). */
    public static String tokenWithTenantClaim(Object value, String... roles) {
        return claims(ISSUER, AUDIENCE, null, roles)
                .claim("org_id", value)
                .expiresIn(Duration.ofMinutes(10))
                .jws()
                .keyId("1")
                .sign();
    }

    /**
     * A valid token of a machine identity that serves every tenant ({@code c360-billing}, {@code c360-aggregator}):
     * no tenant claim, named {@code service-account-<client>} as Keycloak names a client's service account.
     */
    public static String serviceAccountToken(String client, String... roles) {
        String user = "service-account-" + client;
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .preferredUserName(user)
                .subject(user)
                .groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(5))
                .jws()
                .keyId("1")
                .sign();
    }

    private static JwtClaimsBuilder claims(String issuer, String audience, String tenant, String... roles) {
        String user = tenant == null ? "nobody" : tenant + "-user";
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .preferredUserName(user)
                .subject(user)
                .groups(Set.of(roles));
        return tenant == null ? claims : claims.claim("org_id", tenant);
    }
}
