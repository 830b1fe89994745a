package io.customer360.common.auth;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's tenant. A tenant-bound token names it in its tenant claim (default {@code org_id}) and nothing else can
 * change it. An operator identity (role {@code c360.operator}, no tenant claim: the billing job, the aggregator's
 * background work) serves every tenant and names the one of each call in the {@value #TENANT_HEADER} header, which
 * only operators may send. Never from a parameter or a body.
 */
@RequestScoped
public class TenantContext {

    /** Tenants are subject tokens and key parts: lower-case letters, digits, '-' and '_'. */
    public static final Pattern TENANT_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** The header in which an operator identity names the tenant of its call. */
    public static final String TENANT_HEADER = "C360-Tenant";

    private final SecurityIdentity identity;
    private final TenantSettings settings;
    private final Instance<HttpServerRequest> request;
    /**
     * The tenant once worked out: a request asks several times (its queries, the visibility rules, the audit), and the
     * identity and the header it comes from do not change within a request. A refusal is not kept: it is thrown again.
     */
    private String tenant;
    /** Set once the call was recognised as an operator's, for the audit (OperatorCallAudit). */
    private OperatorCall operatorCall;

    TenantContext(SecurityIdentity identity, TenantSettings settings, Instance<HttpServerRequest> request) {
        this.identity = identity;
        this.settings = settings;
        this.request = request;
    }

    /** An operator's call: who made it and the tenant it named (null when it named none or an invalid one). */
    public record OperatorCall(String subject, String tenant) {}

    public String tenant() {
        if (tenant == null) {
            tenant = resolveTenant();
        }
        return tenant;
    }

    private String resolveTenant() {
        String claimed = claimedTenant();
        String header = tenantHeader();
        if (claimed != null) {
            if (header != null) {
                // a tenant-bound caller cannot reach another tenant, nor pretend to be an operator
                throw ProblemException.invalid(TENANT_HEADER, "only operator identities may name a tenant");
            }
            if (!TENANT_PATTERN.matcher(claimed).matches()) {
                throw forbiddenWithoutTenant();
            }
            return claimed;
        }
        if (!identity.hasRole(Roles.OPERATOR)) {
            if (header != null) {
                throw ProblemException.invalid(TENANT_HEADER, "only operator identities may name a tenant");
            }
            throw forbiddenWithoutTenant();
        }
        operatorCall = new OperatorCall(identity.getPrincipal().getName(), null);
        if (header == null || header.isBlank()) {
            throw ProblemException.invalid(
                    "tenant", "an operator names the tenant of every call in the " + TENANT_HEADER + " header");
        }
        if (!TENANT_PATTERN.matcher(header).matches() || !settings.isTenant(header)) {
            throw ProblemException.invalid("tenant", "'" + TENANT_HEADER + "' names no tenant of this mesh");
        }
        operatorCall = new OperatorCall(identity.getPrincipal().getName(), header);
        return header;
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** Whether the caller is an operator identity (no tenant of its own). */
    public boolean isOperator() {
        return claimedTenant() == null && identity.hasRole(Roles.OPERATOR);
    }

    /** The operator call this request made, or null when it was not one. */
    public OperatorCall operatorCall() {
        return operatorCall;
    }

    private String claimedTenant() {
        Object claim;
        if (identity.getPrincipal() instanceof OidcJwtCallerPrincipal oidc) {
            // the parsed claims themselves: JsonWebToken.getClaim first looks a custom claim's name up among the
            // standard ones by catching an exception (Claims.valueOf), which cost ~7 % of a cached view's CPU
            claim = oidc.getClaims().getClaimValue(settings.claim());
        } else if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            claim = jwt.getClaim(settings.claim());
        } else {
            claim = null;
        }
        if (claim == null) {
            return null;
        }
        // a tenant is a JSON string: any other value (true, 42, a list) names none, and its caller is refused, not
        // taken for an operator
        return claim instanceof String tenant ? tenant : "";
    }

    private String tenantHeader() {
        // no HTTP request behind this request scope (a tool call or a job): no header
        if (!request.isResolvable()) {
            return null;
        }
        try {
            return request.get().getHeader(TENANT_HEADER);
        } catch (RuntimeException noCurrentRequest) {
            return null;
        }
    }

    private ProblemException forbiddenWithoutTenant() {
        return new ProblemException(
                ProblemType.FORBIDDEN, "The token carries no valid '" + settings.claim() + "' claim naming its tenant");
    }
}
