package io.customer360.common.auth;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer access tokens OIDC verified already, remembered with the identity they made, so a caller that sends the same
 * token again (every call of a client session, every call a service makes with a propagated token) is not verified
 * again: parsing the JWT, checking its RS256 signature and its claims took a fifth of a cheap request's CPU (issue
 * 20). Nothing a check depends on changes while a token is remembered: its signature, issuer, audience and roles are
 * fixed, and it is forgotten when it expires (then OIDC checks it again, and refuses it), and at the latest after
 * {@link #REMEMBERED}. Only bearer tokens of the default OIDC tenant are remembered (never a web-app session's), at
 * most {@link #MAX_TOKENS}; every use gets its own identity, with the request's routing context.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final Duration REMEMBERED = Duration.ofMinutes(5);
    static final int MAX_TOKENS = 2048;
    /** Set on identities served from here, so {@link Recorder} does not remember them again. */
    static final String REMEMBERED_ATTRIBUTE = "c360.verified-token";

    private static final String DEFAULT_TENANT = "Default";
    private static final String TENANT_ID_ATTRIBUTE = "tenant-id";

    private record Verified(SecurityIdentity identity, long untilNanos) {}

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before OIDC's provider (it has the interface's default, 1001, above {@code SYSTEM_FIRST}): a miss (null) hands the
     * request on to it.
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential credential)) {
            return Uni.createFrom().nullItem();
        }
        Verified known = verified.get(credential.getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        if (known.untilNanos() - System.nanoTime() <= 0) {
            verified.remove(credential.getToken(), known);
            return Uni.createFrom().nullItem();
        }
        QuarkusSecurityIdentity.Builder identity =
                QuarkusSecurityIdentity.builder(known.identity()).addAttribute(REMEMBERED_ATTRIBUTE, Boolean.TRUE);
        // the request's own attributes, as OIDC sets them, never those of the request that was verified
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
            identity.addAttribute(
                    AuthenticationRequestContext.class.getName(),
                    routing.get(AuthenticationRequestContext.class.getName()));
        }
        return Uni.createFrom().item(identity.build());
    }

    /** Remembers an identity OIDC made from a bearer token of the default tenant, until the token expires. */
    void remember(SecurityIdentity identity) {
        if (identity.isAnonymous()
                || identity.getAttribute(REMEMBERED_ATTRIBUTE) != null
                || !DEFAULT_TENANT.equals(identity.getAttribute(TENANT_ID_ATTRIBUTE))
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        TokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        long expiresAt = jwt.getExpirationTime();
        if (credential == null || credential.getToken() == null || expiresAt <= 0) {
            return;
        }
        long nowMillis = System.currentTimeMillis();
        long forMillis = Math.min(expiresAt * 1000 - nowMillis, REMEMBERED.toMillis());
        if (forMillis <= 0) {
            return;
        }
        if (verified.size() >= MAX_TOKENS) {
            long now = System.nanoTime();
            verified.values().removeIf(entry -> entry.untilNanos() - now <= 0);
            if (verified.size() >= MAX_TOKENS) {
                return;
            }
        }
        verified.put(credential.getToken(), new Verified(identity, System.nanoTime() + forMillis * 1_000_000));
    }

    int size() {
        return verified.size();
    }

    /** Sees every identity first, as its provider made it, before any other augmentor. */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        Recorder(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            tokens.remember(identity);
            return Uni.createFrom().item(identity);
        }
    }
}
