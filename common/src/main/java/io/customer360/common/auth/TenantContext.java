package io.customer360.common.auth;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.config.MeshConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's tenant, read from the verified token's tenant claim (default {@code org_id}).
 * Never from a parameter: a caller cannot choose its tenant.
 */
@RequestScoped
public class TenantContext {

    /** Tenants are subject tokens and key parts: lower-case letters, digits, '-' and '_'. */
    public static final Pattern TENANT_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final SecurityIdentity identity;
    private final MeshConfig config;

    TenantContext(SecurityIdentity identity, MeshConfig config) {
        this.identity = identity;
        this.config = config;
    }

    public String tenant() {
        Object claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(config.tenantClaim()) : null;
        String tenant = claim == null ? null : claim.toString();
        if (tenant == null || !TENANT_PATTERN.matcher(tenant).matches()) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The token carries no valid '" + config.tenantClaim() + "' claim naming its tenant");
        }
        return tenant;
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
