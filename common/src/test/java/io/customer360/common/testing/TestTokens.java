package io.customer360.common.testing;

import io.smallrye.jwt.build.Jwt;
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

    private TestTokens() {
    }

    /** A valid token of {@code tenant} with {@code roles}. */
    public static String token(String tenant, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .preferredUserName(tenant + "-user")
                .subject(tenant + "-user")
                .groups(Set.of(roles))
                .claim("org_id", tenant)
                .expiresIn(Duration.ofMinutes(10))
                .jws().keyId("1")
                .sign();
    }

    /** A correctly signed token whose lifetime ended an hour ago. */
    public static String expiredToken(String tenant, String... roles) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .preferredUserName(tenant + "-user")
                .groups(Set.of(roles))
                .claim("org_id", tenant)
                .issuedAt(issued)
                .expiresAt(issued.plus(Duration.ofHours(1)))
                .jws().keyId("1")
                .sign();
    }

    /** A correctly signed token that names another issuer. */
    public static String foreignIssuerToken(String tenant, String... roles) {
        return Jwt.issuer("https://evil.example.com")
                .audience(AUDIENCE)
                .preferredUserName(tenant + "-user")
                .groups(Set.of(roles))
                .claim("org_id", tenant)
                .expiresIn(Duration.ofMinutes(10))
                .jws().keyId("1")
                .sign();
    }

    /** A correctly signed token of the right issuer, issued for another audience (another application). */
    public static String otherAudienceToken(String tenant, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience("https://other-app.example.com")
                .preferredUserName(tenant + "-user")
                .groups(Set.of(roles))
                .claim("org_id", tenant)
                .expiresIn(Duration.ofMinutes(10))
                .jws().keyId("1")
                .sign();
    }

    /** A valid token without the tenant claim. */
    public static String tokenWithoutTenant(String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .preferredUserName("nobody")
                .groups(Set.of(roles))
                .expiresIn(Duration.ofMinutes(10))
                .jws().keyId("1")
                .sign();
    }
}
