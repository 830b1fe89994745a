package io.customer360.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Only what OIDC verified, for the default tenant's bearer tokens, and only until the token expires. */
class VerifiedTokensTest {

    private final VerifiedTokens tokens = new VerifiedTokens();

    @Test
    void aVerifiedBearerTokenIsServedAgainWithTheSameRolesAndPrincipal() {
        SecurityIdentity verified = identity("token-a", "Default", Duration.ofMinutes(10));
        tokens.remember(verified);

        SecurityIdentity again = served("token-a");

        assertThat(again).isNotNull().isNotSameAs(verified);
        assertThat(again.getRoles()).containsExactlyInAnyOrder("c360.viewer", "c360.editor");
        assertThat(again.getPrincipal()).isSameAs(verified.getPrincipal());
        assertThat(again.getCredential(AccessTokenCredential.class).getToken()).isEqualTo("token-a");
        // served identities are not remembered again
        tokens.remember(again);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void itIsAskedBeforeAnyOtherProvider() {
        IdentityProvider<TokenAuthenticationRequest> oidcLike = new IdentityProvider<>() {
            @Override
            public Class<TokenAuthenticationRequest> getRequestType() {
                return TokenAuthenticationRequest.class;
            }

            @Override
            public Uni<SecurityIdentity> authenticate(
                    TokenAuthenticationRequest request, AuthenticationRequestContext context) {
                return Uni.createFrom().nullItem();
            }
        };

        // providers are asked by descending priority; OIDC's has the interface's default
        assertThat(tokens.priority()).isGreaterThan(oidcLike.priority());
    }

    @Test
    void anotherTokenIsLeftToOidc() {
        tokens.remember(identity("token-a", "Default", Duration.ofMinutes(10)));

        assertThat(served("token-b")).isNull();
    }

    @Test
    void anExpiredTokenOrAnotherTenantsIsNeverRemembered() {
        tokens.remember(identity("expired", "Default", Duration.ofSeconds(-1)));
        tokens.remember(identity("console", "console", Duration.ofMinutes(10)));
        tokens.remember(QuarkusSecurityIdentity.builder().setAnonymous(true).build());

        assertThat(tokens.size()).isZero();
        assertThat(served("expired")).isNull();
        assertThat(served("console")).isNull();
    }

    private SecurityIdentity served(String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await()
                .indefinitely();
    }

    private static SecurityIdentity identity(String token, String tenant, Duration expiresIn) {
        long exp = System.currentTimeMillis() / 1000 + expiresIn.toSeconds();
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt(Map.of("sub", "u1", "exp", exp)))
                .addRoles(Set.of("c360.viewer", "c360.editor"))
                .addCredential(new AccessTokenCredential(token))
                .addAttribute("tenant-id", tenant)
                .build();
    }

    private record Jwt(Map<String, Object> claims) implements JsonWebToken {

        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }

        @Override
        public long getExpirationTime() {
            return (Long) claims.get("exp");
        }
    }
}
