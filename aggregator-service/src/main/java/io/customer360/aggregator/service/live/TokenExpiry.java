package io.customer360.aggregator.service.live;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.common.runtime.OidcCommonUtils;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.stream.LongStream;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * When the caller's credentials stop being valid: the earliest expiry of the token that authenticated the request
 * (a bearer token, or the console session's ID token) and of the access token it carries (the console's, whose roles
 * it uses). A live stream ends then: it must not go on delivering what a new request would be refused.
 */
final class TokenExpiry {

    /** Quarkus OIDC's identity attribute: the token's {@code exp}, in epoch seconds. */
    static final String ATTRIBUTE = "quarkus.identity.expire-time";

    private TokenExpiry() {}

    /** The expiry, or null when the identity carries none (then the stream's own upper bound applies). */
    static Instant of(SecurityIdentity identity) {
        LongStream.Builder expiries = LongStream.builder();
        if (identity.getAttribute(ATTRIBUTE) instanceof Number exp) {
            expiries.add(exp.longValue());
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            expiries.add(jwt.getExpirationTime());
        }
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        if (access != null && access.getToken() != null) {
            JsonObject claims = OidcCommonUtils.decodeJwtContent(access.getToken());
            if (claims != null && claims.getValue("exp") instanceof Number exp) {
                expiries.add(exp.longValue());
            }
        }
        return expiries.build().filter(exp -> exp > 0).min().stream()
                .mapToObj(Instant::ofEpochSecond)
                .findFirst()
                .orElse(null);
    }
}
