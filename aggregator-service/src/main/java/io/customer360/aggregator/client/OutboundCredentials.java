package io.customer360.aggregator.client;

import io.customer360.common.auth.TenantContext;
import io.quarkus.arc.Arc;
import io.quarkus.security.credential.TokenCredential;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestContext;
import org.jboss.resteasy.reactive.client.spi.ResteasyReactiveClientRequestFilter;

/**
 * The credentials of every call to profile-service and enrichment-service, decided per call. Serving a caller: the
 * caller's own token, so the data owner checks tenant and roles; an operator caller's tenant goes along in
 * {@value TenantContext#TENANT_HEADER}. Background work ({@link BackgroundCalls}): the aggregator's own token and the
 * tenant the work is for. A call with neither is refused here with a 401, never sent without credentials.
 */
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class OutboundCredentials implements ResteasyReactiveClientRequestFilter {

    private static final String BEARER = "Bearer ";

    private final Instance<TokenCredential> callerToken;
    private final Instance<TenantContext> tenantContext;

    OutboundCredentials(Instance<TokenCredential> callerToken, Instance<TenantContext> tenantContext) {
        this.callerToken = callerToken;
        this.tenantContext = tenantContext;
    }

    @Override
    public void filter(ResteasyReactiveClientRequestContext request) {
        BackgroundCalls.Call background = BackgroundCalls.current();
        if (background != null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, BEARER + background.token());
            request.getHeaders().putSingle(TenantContext.TENANT_HEADER, background.tenant());
            return;
        }
        String token = callerToken();
        if (token == null) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED).build());
            return;
        }
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, BEARER + token);
        TenantContext caller = tenantContext.get();
        if (caller.isOperator()) {
            // validated (a declared tenant, sent by an operator) before anything was called
            request.getHeaders().putSingle(TenantContext.TENANT_HEADER, caller.tenant());
        }
    }

    /** The token of the request being served, or null outside one. */
    private String callerToken() {
        if (!Arc.container().requestContext().isActive() || !callerToken.isResolvable()) {
            return null;
        }
        return callerToken.get().getToken();
    }
}
