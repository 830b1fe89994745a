package io.customer360.aggregator.api.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.AuthProblems;
import io.customer360.common.api.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.BiConsumer;

/**
 * Only authenticated callers reach the MCP server, and the others get the mesh's 401 problem document with the
 * bearer challenge. Without this gate the MCP server answers a garbled or expired token itself, with a JSON-RPC error
 * whose message is the exception's class name ({@code io.quarkus.security.AuthenticationFailedException}), and no
 * token with an empty 401.
 */
@ApplicationScoped
public class McpBearerGate {

    /** After the authentication filter (which attaches the request's deferred identity), before the authorization. */
    private static final int PRIORITY =
            (SecurityHandlerPriorities.AUTHENTICATION + SecurityHandlerPriorities.AUTHORIZATION) / 2;

    private static final String ROOT = "/mcp";
    private static final String REFUSED = McpBearerGate.class.getName() + ".refused";

    private final String refusal;

    McpBearerGate(ObjectMapper mapper) throws JsonProcessingException {
        this.refusal = mapper.writeValueAsString(AuthProblems.unauthorized());
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            context.next();
            return;
        }
        Uni<SecurityIdentity> identity = context.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            refuse(context);
            return;
        }
        // Quarkus reports a failed authentication through this handler; its default fails the route, and the route's
        // failure handler is the MCP server's
        BiConsumer<RoutingContext, Throwable> failed = (request, failure) -> refuse(request);
        context.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failed);
        identity.subscribe()
                .with(
                        resolved -> {
                            if (resolved == null || resolved.isAnonymous()) {
                                refuse(context);
                            } else {
                                context.next();
                            }
                        },
                        // a garbled, forged, expired or foreign token: the failure is Quarkus' to log, not the caller's
                        // to read
                        failure -> refuse(context));
    }

    /** Answers once, whichever of the identity's subscriber and Quarkus' failure report comes first. */
    private void refuse(RoutingContext context) {
        if (context.get(REFUSED) != null) {
            return;
        }
        context.put(REFUSED, Boolean.TRUE);
        AuthProblems.challenge(context).subscribe().with(challenge -> {
            if (context.response().headWritten()) {
                return;
            }
            context.response()
                    .setStatusCode(401)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", challenge)
                    .end(refusal);
        });
    }
}
