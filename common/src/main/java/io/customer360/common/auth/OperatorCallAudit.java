package io.customer360.common.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every call an operator identity makes (it may act in any tenant) leaves an audit line on the logger
 * {@value #CATEGORY}: who, which tenant it named, what it called and the answer, including the calls refused for
 * naming no tenant. Counted as {@code c360.operator.calls{tenant,status}}.
 */
public class OperatorCallAudit {

    public static final String CATEGORY = "c360.audit.operator";
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);

    private final TenantContext tenantContext;
    private final MeterRegistry registry;

    OperatorCallAudit(TenantContext tenantContext, MeterRegistry registry) {
        this.tenantContext = tenantContext;
        this.registry = registry;
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response) {
        TenantContext.OperatorCall call = tenantContext.operatorCall();
        if (call == null) {
            return;
        }
        String tenant = call.tenant() == null ? "-" : call.tenant();
        AUDIT.info("operator=" + call.subject() + " tenant=" + tenant + " method=" + request.getMethod() + " path="
                + request.getUriInfo().getPath() + " status=" + response.getStatus());
        Counter.builder("c360.operator.calls")
                .description("Calls made by operator identities, by tenant named and status")
                .tag("tenant", tenant)
                .tag("status", Integer.toString(response.getStatus()))
                .register(registry)
                .increment();
    }
}
