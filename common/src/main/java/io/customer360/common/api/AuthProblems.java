package io.customer360.common.api;

import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The answers to a request that is not authenticated or not allowed: a fixed problem document each, whatever failed
 * underneath (no token, a garbled, expired or foreign one), so the body never names an exception, a class or a
 * library's message. The {@code WWW-Authenticate} challenge is the one the HTTP layer's authentication mechanism
 * composes (the bearer mechanism's {@code Bearer}, with whatever parameters it adds), not a copy of our own.
 */
public final class AuthProblems {

    static final String UNAUTHORIZED_DETAIL = "A valid bearer token is required";
    static final String FORBIDDEN_DETAIL = "The token lacks the role this operation needs";
    private static final String BEARER = "Bearer";

    private AuthProblems() {}

    public static Problem unauthorized() {
        return Problem.of(ProblemType.UNAUTHORIZED, UNAUTHORIZED_DETAIL);
    }

    public static Problem forbidden() {
        return Problem.of(ProblemType.FORBIDDEN, FORBIDDEN_DETAIL);
    }

    /** The 401 problem with the mechanism's {@code WWW-Authenticate} challenge ({@code Bearer} when it has none). */
    public static Uni<Response> unauthorizedResponse(RoutingContext context) {
        return challenge(context)
                .map(challenge -> Response.fromResponse(unauthorized().toResponse())
                        .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                        .build());
    }

    /** The {@code WWW-Authenticate} value of the request's authentication mechanism, or {@code Bearer}. */
    public static Uni<String> challenge(RoutingContext context) {
        HttpAuthenticator authenticator = context == null ? null : context.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(BEARER);
        }
        return authenticator
                .getChallenge(context)
                .map(AuthProblems::wwwAuthenticate)
                .onFailure()
                .recoverWithItem(BEARER);
    }

    private static String wwwAuthenticate(ChallengeData challenge) {
        if (challenge == null || challenge.getHeaders() == null) {
            return BEARER;
        }
        for (Map.Entry<CharSequence, String> header : challenge.getHeaders().entrySet()) {
            if (HttpHeaders.WWW_AUTHENTICATE.equalsIgnoreCase(header.getKey().toString())
                    && header.getValue() != null) {
                return header.getValue();
            }
        }
        // a redirecting mechanism (the console's sign-in) has no challenge header: a 401 to an API still says Bearer
        return BEARER;
    }
}
